"""Lessons: the skeleton every lesson notebook follows, and the scaffold that writes one."""
