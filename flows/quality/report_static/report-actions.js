// newsflow: the actions of the Great Expectations pages, bound without inline scripts.
//
// The pages are served with a Content-Security-Policy that forbids inline script, so the
// buttons' inline `onclick` handlers are replaced by `data-newsflow-action` attributes, and the
// functions those handlers called are defined here (the same code Great Expectations inlines).
(function () {
  "use strict";

  function fadeValidations(show) {
    var fade = show ? "fadeIn" : "fadeOut";
    $(".hide-succeeded-validation-target-child").parent()[fade]();
    $(".hide-succeeded-validation-target")[fade]();
    $(".hide-succeeded-validations-column-section-target-child").parent().parent().each(
      function (index, element) {
        $(element)[fade]();
        $('a[href$="' + element.id + '"]')[fade]();
      }
    );
  }

  function clearTableFilters(tableId) {
    var table = $(document.getElementById(tableId));
    table.bootstrapTable("clearFilterControl");
    table.bootstrapTable("resetSearch");
  }

  var actions = {
    "show-all": function () { fadeValidations(true); },
    "failed-only": function () { fadeValidations(false); },
    "clear-filters": function (element) { clearTableFilters(element.dataset.newsflowTable); }
  };

  document.addEventListener("click", function (event) {
    var element = event.target.closest("[data-newsflow-action]");
    if (element && Object.prototype.hasOwnProperty.call(actions, element.dataset.newsflowAction)) {
      actions[element.dataset.newsflowAction](element);
    }
  });
})();
