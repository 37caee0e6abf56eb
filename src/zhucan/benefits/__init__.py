"""Benefits: enrolment, proactive discovery, payment runs and dynamic supervision."""
