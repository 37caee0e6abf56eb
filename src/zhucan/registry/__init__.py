"""The person file (一人一档): people, households, certificates, effective-dated facts."""
