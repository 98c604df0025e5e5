// The article page's own 浏览字号 大/中/小 buttons, written the way portals
// write them: each sets an inline font size and line height on the
// article's paragraphs and headings. The widget's text zoom multiplies
// whatever size the page shows, so both work together.
(function () {
  'use strict';

  var SIZES = { 'fs-big': [20, 36], 'fs-mid': [16, 32], 'fs-small': [14, 28] };
  var body = document.getElementById('article-body');
  document.querySelector('.font-size-switch').addEventListener('click', function (e) {
    var size = e.target.closest('button') && SIZES[e.target.closest('button').className];
    if (!size) return;
    body.querySelectorAll('p, h2').forEach(function (el) {
      el.style.fontSize = size[0] + 'px';
      el.style.lineHeight = size[1] + 'px';
    });
  });
})();
