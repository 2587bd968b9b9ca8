// Starts Swagger UI on the API's own OpenAPI document (a file, not inline: the page keeps the CSP).
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  // No validator badge: it would call validator.swagger.io.
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null,
  });
});
