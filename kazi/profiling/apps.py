from django.apps import AppConfig


class ProfilingConfig(AppConfig):
    """Skills profiling: the platform side of the skills core (`kazi.skills`)."""

    name = "kazi.profiling"
    verbose_name = "Skills profiling"
