// The forms page's own behaviour. Tests use it to prove the widget leaves page
// scripts working: the counter keeps counting, and a submitted application is
// echoed back from the query string (GET form) as plain text.
(function () {
  'use strict';

  var clicks = 0;
  var button = document.getElementById('counter');
  var count = document.getElementById('count');
  button.addEventListener('click', function () {
    clicks += 1;
    // Look the span up again: the page must keep working even if its
    // children were replaced by someone else in the meantime.
    (document.getElementById('count') || count).textContent = String(clicks);
  });

  var TYPES = { consult: '法律咨询', mediation: '人民调解', aid: '法律援助' };
  var query = new URLSearchParams(window.location.search);
  if (query.has('name')) {
    var name = query.get('name').trim() || '（未填写姓名）';
    var type = TYPES[query.get('type')] || '未选择';
    document.getElementById('result').textContent =
      '已收到“' + name + '”的' + type + '申请，工作人员将尽快与您联系。';
  }

  // A small read-only hook for tests.
  window.portalForms = {
    clicks: function () { return clicks; }
  };
})();
