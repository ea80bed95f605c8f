"""Content-Security-Policy: a strict policy for the public site, a looser one for the admin."""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ADMIN_CONTENT_SECURITY_POLICY under the admin's prefixes.

    Wagtail's admin still renders inline scripts (widgets, inline panels, chooser modals),
    so it cannot live under the public policy. Previews (pages and promos) get the admin
    policy too, so the admin may frame them (frame-ancestors 'self') while public pages
    can never be framed. Per-view decorators (csp_update, csp_replace, csp_exempt) work.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_request(request):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


def is_admin_request(request):
    # Wagtail renders previews through the whole middleware stack with a dummy request
    # for the page's public path (Page.make_preview_request), flagged is_dummy.
    return getattr(request, "is_dummy", False) or request.path_info.startswith(
        tuple(settings.ADMIN_CSP_URL_PREFIXES)
    )


class HeadResponseMiddleware:
    """Answer HEAD with the headers of a GET and no body.

    Django renders HEAD like GET and leaves dropping the body to the server;
    gunicorn does, but logs a warning for every such request. Content-Length
    (set by CommonMiddleware further in) stays that of the GET, as RFC 9110 allows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD" and not response.streaming and response.content:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
