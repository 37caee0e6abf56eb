"""Zhucan (智慧助残): the digital disability federation."""
