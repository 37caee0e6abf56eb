"""FastAPI web application: server-rendered pages, one router per context."""
