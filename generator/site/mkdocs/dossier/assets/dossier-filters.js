/* Filters and sortable columns for the dossier tables: the comparison matrix,
   a question's claims in time order and the reporting timeline.

   Self-contained, no library, nothing fetched. The generated Markdown marks the
   tables (see the templates matrix, question and reporting):

   - .dossier-row, in the first cell of a row, carries the row's facets
     (data-source, data-speaker, data-question, data-agreement, data-status,
     data-language); a row without one (the matrix's agreement row) stays put;
   - .dossier-col, in a header cell of the matrix, carries a column's facets;
   - .dossier-item, in a matrix cell, is one claim with its own facets;
   - data-sort on an element in a cell is the key the column sorts by
     (a number or text); otherwise the cell's text is.

   The filters chosen are kept in the address's fragment (#filters&source=…), so
   that a filtered view can be shared and comes back on reload; a fragment that
   names an element (a claim's anchor) is left alone until a filter is chosen.

   Without JavaScript the full tables are there and no control is shown. The
   script does nothing on pages without such tables, and runs again on every
   page that Material's instant navigation loads (document$). */
(function () {
  "use strict";

  var FACETS = [
    { key: "question", label: "Question", sorted: false },
    { key: "agreement", label: "Agreement", sorted: false },
    { key: "source", label: "Source", sorted: true },
    { key: "speaker", label: "Speaker", sorted: true },
    { key: "status", label: "Claim status", sorted: false },
    { key: "language", label: "Language", sorted: true }
  ];
  var NUMBER = /^-?\d+(?:\.\d+)?$/;
  var FRAGMENT = "#filters&";
  var CONTAINS = "contains";
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function languageName(code) {
    try {
      var names = new Intl.DisplayNames([document.documentElement.lang || "en"], {
        type: "language"
      });
      var name = names.of(code);
      return name && name !== code ? name + " (" + code + ")" : code;
    } catch (error) {
      return code;
    }
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function element(name, attributes, children) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (attribute) {
      node.setAttribute(attribute, attributes[attribute]);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  function facetsOf(node) {
    var facets = {};
    if (!node) return facets;
    FACETS.forEach(function (facet) {
      var value = node.getAttribute("data-" + facet.key);
      if (value !== null) facets[facet.key] = value;
    });
    return facets;
  }

  /* The table's model: its columns, its rows and the claims or entries in them. */
  function model(table) {
    var head = table.tHead ? table.tHead.rows[0] : null;
    var body = table.tBodies[0];
    if (!head || !body) return null;
    var columns = Array.prototype.map.call(head.cells, function (cell) {
      return { cell: cell, facets: facetsOf(cell.querySelector(".dossier-col")) };
    });
    var rows = [];
    var fixed = [];
    Array.prototype.forEach.call(body.rows, function (row, index) {
      var marker = row.querySelector(".dossier-row");
      if (!marker) {
        fixed.push(row);
        return;
      }
      var facets = facetsOf(marker);
      var items = [];
      Array.prototype.forEach.call(row.cells, function (cell, column) {
        cell.querySelectorAll(".dossier-item").forEach(function (item) {
          items.push({
            node: item,
            column: column,
            facets: Object.assign({}, facets, columns[column].facets, facetsOf(item)),
            text: fold([item.textContent, marker.textContent, columns[column].cell.textContent].join(" "))
          });
        });
      });
      if (!items.length) {
        items.push({ node: null, column: -1, facets: facets, text: fold(row.textContent) });
      }
      rows.push({ node: row, index: index, facets: facets, items: items });
    });
    if (!rows.length) return null;
    var entries = [];
    rows.forEach(function (row) {
      entries.push.apply(entries, row.items);
    });
    return {
      table: table,
      body: body,
      columns: columns,
      rows: rows,
      fixed: fixed,
      items: entries,
      matrix: columns.some(function (column) {
        return "question" in column.facets;
      }),
      noun: entries.every(function (item) {
        return "status" in item.facets;
      })
        ? "claims"
        : "entries"
    };
  }

  /* --- The address --- */

  function chosenInAddress() {
    if (window.location.hash.indexOf(FRAGMENT) !== 0) return null;
    return new URLSearchParams(window.location.hash.slice(FRAGMENT.length));
  }

  function restore(state) {
    var chosen = chosenInAddress();
    if (!chosen) return;
    state.selects.forEach(function (select) {
      var value = chosen.get(select.name);
      var offered = Array.prototype.some.call(select.options, function (option) {
        return option.value === value;
      });
      if (value !== null && offered) select.value = value;
    });
    state.search.value = chosen.get(CONTAINS) || "";
  }

  function remember(state) {
    var chosen = new URLSearchParams();
    state.selects.forEach(function (select) {
      if (select.value) chosen.set(select.name, select.value);
    });
    var words = state.search.value.trim();
    if (words) chosen.set(CONTAINS, words);
    var query = chosen.toString();
    if (!query && !chosenInAddress()) return;
    var address = window.location.pathname + window.location.search;
    window.history.replaceState(window.history.state, "", address + (query ? FRAGMENT + query : ""));
  }

  /* --- Filtering --- */

  function matches(facets, active, only) {
    return Object.keys(active).every(function (key) {
      if (only && !(key in facets)) return true;
      return facets[key] === active[key];
    });
  }

  function apply(state) {
    var data = state.data;
    var active = {};
    state.selects.forEach(function (select) {
      if (select.value) active[select.name] = select.value;
    });
    var words = fold(state.search.value.trim()).split(/\s+/).filter(Boolean);
    var filtering = Object.keys(active).length > 0 || words.length > 0;

    var visibleColumns = data.columns.map(function (column) {
      return matches(column.facets, active, true);
    });
    var shown = 0;
    data.rows.forEach(function (row) {
      var rowMatches = matches(row.facets, active, true);
      var visible = 0;
      row.items.forEach(function (item) {
        var ok =
          rowMatches &&
          (item.column < 0 || visibleColumns[item.column]) &&
          matches(item.facets, active, false) &&
          words.every(function (word) {
            return item.text.indexOf(word) >= 0;
          });
        if (item.node) item.node.hidden = !ok;
        if (ok) visible += 1;
      });
      shown += visible;
      row.node.hidden = filtering && visible === 0;
    });
    Array.prototype.forEach.call(data.table.rows, function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, column) {
        cell.hidden = !visibleColumns[column];
      });
    });
    state.count.textContent =
      (filtering ? "Showing " + shown + " of " : "All ") + data.items.length + " " + data.noun;
    state.form.classList.toggle("dossier-filters--active", filtering);
  }

  function controls(data) {
    var selects = [];
    var form = element("form", {
      class: "dossier-filters",
      role: "search",
      "aria-label": "Filter the table of " + data.noun
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    FACETS.forEach(function (facet) {
      var counts = new Map();
      /* Questions and agreements first in the order of the matrix's columns. */
      data.columns.forEach(function (column) {
        var value = column.facets[facet.key];
        if (value !== undefined && !counts.has(value)) counts.set(value, 0);
      });
      data.items.forEach(function (item) {
        var value = item.facets[facet.key];
        if (value !== undefined) counts.set(value, (counts.get(value) || 0) + 1);
      });
      counts.forEach(function (count, value) {
        if (!count) counts.delete(value);
      });
      if (counts.size < 2) return;
      var values = Array.from(counts.keys());
      if (facet.sorted) values.sort(collator.compare);
      var select = element("select", { name: facet.key }, [element("option", { value: "" })]);
      select.options[0].textContent = "all";
      values.forEach(function (value) {
        var option = element("option", { value: value });
        var label = facet.key === "language" ? languageName(value) : value;
        option.textContent = label + " (" + counts.get(value) + ")";
        select.append(option);
      });
      var label = element("label", { class: "dossier-filters__field" }, [
        element("span", {}, [facet.label]),
        select
      ]);
      form.append(label);
      selects.push(select);
    });
    var search = element("input", { type: "search", name: "contains", autocomplete: "off" });
    form.append(
      element("label", { class: "dossier-filters__field dossier-filters__field--text" }, [
        element("span", {}, ["Contains"]),
        search
      ])
    );
    var reset = element("button", { type: "reset", class: "dossier-filters__reset" }, [
      "Reset filters"
    ]);
    form.append(reset);
    var count = element("p", { class: "dossier-filters__count", role: "status" });
    form.append(count);
    return { form: form, selects: selects, search: search, reset: reset, count: count };
  }

  /* --- Sorting --- */

  function sortKey(row, column, data) {
    var cell = row.node.cells[column];
    if (!cell) return "";
    if (data.matrix && column > 0) {
      var first = null;
      cell.querySelectorAll(".dossier-item").forEach(function (item) {
        if (!first && !item.hidden) first = item;
      });
      if (!first) return "";
      return (first.getAttribute("data-sort") || first.textContent).trim();
    }
    var keyed = cell.querySelector("[data-sort]");
    var key = keyed ? keyed.getAttribute("data-sort") : "";
    return (key || cell.textContent).trim();
  }

  function sortBy(state, column, direction) {
    var data = state.data;
    var keyed = data.rows.map(function (row) {
      return { row: row, key: sortKey(row, column, data) };
    });
    var numeric = keyed.every(function (entry) {
      return entry.key === "" || NUMBER.test(entry.key);
    });
    var sign = direction === "descending" ? -1 : 1;
    keyed.sort(function (a, b) {
      if (a.key === "" || b.key === "") {
        if (a.key === b.key) return a.row.index - b.row.index;
        return a.key === "" ? 1 : -1;
      }
      var order = numeric ? Number(a.key) - Number(b.key) : collator.compare(a.key, b.key);
      return order * sign || a.row.index - b.row.index;
    });
    data.fixed.forEach(function (row) {
      data.body.append(row);
    });
    keyed.forEach(function (entry) {
      data.body.append(entry.row.node);
    });
    data.columns.forEach(function (other, index) {
      if (index === column) other.cell.setAttribute("aria-sort", direction);
      else other.cell.removeAttribute("aria-sort");
      var button = other.cell.querySelector(".dossier-sort");
      if (button) button.setAttribute("data-direction", index === column ? direction : "");
    });
  }

  function sortable(state) {
    state.data.columns.forEach(function (column, index) {
      var cell = column.cell;
      /* A question's column is named by its full wording, not its short label. */
      var name = column.facets.question || cell.textContent.trim().replace(/\s+/g, " ");
      var indicator = element("span", { class: "dossier-sort__indicator", "aria-hidden": "true" });
      var button;
      if (cell.querySelector("a, button, input, select")) {
        /* A header that is a link keeps its link; a separate button sorts. */
        button = element("button", {
          type: "button",
          class: "dossier-sort dossier-sort--icon",
          "aria-label": "Sort by " + name
        }, [indicator]);
        cell.append(" ", button);
      } else {
        button = element("button", { type: "button", class: "dossier-sort" });
        while (cell.firstChild) button.append(cell.firstChild);
        button.append(indicator);
        cell.append(button);
      }
      button.addEventListener("click", function () {
        var ascending = cell.getAttribute("aria-sort") !== "ascending";
        sortBy(state, index, ascending ? "ascending" : "descending");
      });
    });
  }

  /* --- Setting up --- */

  function headers(data) {
    Array.prototype.forEach.call(data.table.tHead.rows[0].cells, function (cell) {
      cell.setAttribute("scope", "col");
    });
    if (!data.matrix) return;
    /* The matrix's first column names the source of each row: a row header. */
    data.fixed.concat(data.rows.map(function (row) { return row.node; })).forEach(function (row) {
      var first = row.cells[0];
      if (!first || first.tagName !== "TD") return;
      var header = element("th", { scope: "row" });
      while (first.firstChild) header.append(first.firstChild);
      first.replaceWith(header);
    });
  }

  function enhance(table) {
    if (table.hasAttribute("data-dossier-filters")) return;
    var data = model(table);
    if (!data) return;
    table.setAttribute("data-dossier-filters", data.matrix ? "matrix" : "rows");
    headers(data);
    var parts = controls(data);
    var state = Object.assign({ data: data }, parts);
    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.before(parts.form);
    function changed() {
      apply(state);
      remember(state);
    }
    parts.selects.forEach(function (select) {
      select.addEventListener("change", changed);
    });
    parts.search.addEventListener("input", changed);
    parts.form.addEventListener("reset", function (event) {
      event.preventDefault();
      parts.selects.forEach(function (select) {
        select.value = "";
      });
      parts.search.value = "";
      changed();
    });
    sortable(state);
    restore(state);
    apply(state);
  }

  function setUp() {
    document.querySelectorAll(".md-typeset table").forEach(function (table) {
      if (table.querySelector("tbody .dossier-row")) enhance(table);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
