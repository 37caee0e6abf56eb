"""Disability certificates (残疾人证): the case workflow from application to issue, renewal,
re-grading, transfer and cancellation, with working-day deadlines, and the lists of
certificates about to expire and of steps past their deadline.
"""
