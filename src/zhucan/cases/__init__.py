"""Cases: 12385 hotline calls, petitions, complaints and home visits, with deadlines."""
