"""Microsoft Graph as Graph: bearer tokens checked for the caller's permission, OData queries, Graph's errors.

- :mod:`.errors`: Graph's error body ``{"error": {"code", "message", "innerError"}}``;
- :mod:`.authz`: the bearer token (for ``https://graph.microsoft.com``) and what the signed-in user's
  directory roles let them do;
- :mod:`.odata`: ``$filter`` (``eq``, ``startswith``, ``and``), ``$select``, ``$top`` with
  ``@odata.nextLink`` paging, ``@odata.context``;
- :mod:`.api`: one endpoint: authenticate, check the permission, answer errors in the workload's dialect;
- :mod:`.entra_routes` (shapes: :mod:`.entra_resources`), :mod:`.intune_routes` (:mod:`.intune_resources`),
  :mod:`.passkey_policy`: Entra's and Intune's Graph resources, in their v1.0 shapes.
"""

__all__: list[str] = []
