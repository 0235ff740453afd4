from rest_framework.views import exception_handler as drf_handler


def exception_handler(exc, context):  # type: ignore[no-untyped-def]
    return drf_handler(exc, context)
