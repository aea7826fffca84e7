// Swagger UI (from the drf-spectacular-sidecar package) started from a file,
// not an inline script: the site's Content-Security-Policy allows only
// scripts from 'self'. The schema's address is on the container.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-schema-url"),
    domNode: root,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // Read-only API: "Try it out" sends GET requests only.
    supportedSubmitMethods: ["get"],
    // No request to the validator badge's outside host.
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    // Swagger UI draws its operations in a <main> of its own, inside the
    // page's: a second main landmark. It becomes a named region.
    onComplete: function () {
      var operations = root.querySelector("main#operations");
      if (operations) {
        operations.setAttribute("role", "region");
        operations.setAttribute("aria-label", root.getAttribute("data-operations-label") || "Endpoints");
      }
    },
  });
})();
