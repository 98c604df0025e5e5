// The dynamic page's own behaviour: it inserts, changes and removes Chinese
// text after load, the way news tickers and "加载更多" buttons do, so that tests
// can check the widget keeps up with a page that changes under it.
//
// Everything is deterministic (fixed texts, fixed order). Add ?ticker=0 to the
// URL to switch the automatic ticker off. #ticker gets data-state="done" once
// the ticker has finished (about five seconds after load).
(function () {
  'use strict';

  var TICKS = [
    ['08:45', '横沥镇发布元旦假期安全出行提示'],
    ['09:00', '南沙区公共法律服务中心开通线上预约'],
    ['09:10', '义沙村完成里程碑式的河涌干流清淤工程'],
    ['09:20', '明珠湾区后续建设项目集中签约'],
    ['09:30', '横沥镇人大代表开展年度履职调研']
  ];
  var MAX_TICKS = 6; // older items drop off, as on real tickers
  var MORE = [
    '1月8日，横沥镇人大主席团组织镇人大代表视察重点民生项目，实地察看了新兴村文化广场和东方红村河涌整治工程，并就项目后续管理提出意见建议。',
    '横沥镇综合行政执法大队近日开展违法建设专项整治行动，依法拆除违法建筑三处，面积约一千二百平方米，进一步规范了辖区建设秩序。',
    '为做好冬季疫情防控工作，横沥镇在各村居设置宣传点，发放防疫知识手册两千余份，提醒群众坚持戴口罩、勤洗手、常通风。',
    '长沙村法治小公园日前完成提升改造，新增民法典宣传长廊和法治主题雕塑，成为村民饭后散步、休闲学法的好去处。',
    '横沥镇政务服务中心推出“一窗通办”服务，群众办理社保、民政、计生等事项只需排一次队、交一次材料。'
  ];

  var ticker = document.getElementById('ticker');
  var tickerStatus = document.getElementById('ticker-status');
  var moreList = document.getElementById('more-list');
  var moreCount = document.getElementById('more-count');
  var appended = 0;
  var changed = 0;

  function updateCount() {
    moreCount.textContent = '已显示 ' + moreList.children.length + ' 条新闻';
  }

  function addTick(i) {
    var li = document.createElement('li');
    var time = document.createElement('span');
    time.className = 'time';
    time.textContent = TICKS[i][0];
    li.appendChild(time);
    li.appendChild(document.createTextNode(TICKS[i][1]));
    ticker.insertBefore(li, ticker.firstChild);
    while (ticker.children.length > MAX_TICKS) {
      ticker.removeChild(ticker.lastElementChild);
    }
    tickerStatus.textContent = '正在更新快讯（第 ' + (i + 1) + ' 条，共 ' + TICKS.length + ' 条）……';
  }

  function runTicker(i) {
    if (i >= TICKS.length) {
      tickerStatus.textContent = '快讯已更新，共 ' + ticker.children.length + ' 条';
      ticker.setAttribute('data-state', 'done');
      return;
    }
    addTick(i);
    setTimeout(runTicker, 1000, i + 1);
  }

  // append adds one paragraph at the end of the news list and returns it.
  function append() {
    var p = document.createElement('p');
    p.textContent = MORE[appended % MORE.length];
    appended += 1;
    moreList.appendChild(p);
    updateCount();
    return p;
  }

  // change rewrites the first paragraph's text and its title attribute.
  function change() {
    var p = moreList.firstElementChild;
    if (!p) {
      return null;
    }
    changed += 1;
    p.textContent = '【更新' + changed + '】' + MORE[(changed - 1) % MORE.length];
    p.setAttribute('title', '本条新闻已于刚刚更新（第' + changed + '次）');
    return p;
  }

  // remove deletes the last paragraph and returns its text.
  function remove() {
    var p = moreList.lastElementChild;
    if (!p) {
      return null;
    }
    moreList.removeChild(p);
    updateCount();
    return p.textContent;
  }

  document.getElementById('load-more').addEventListener('click', append);
  document.getElementById('change-first').addEventListener('click', change);
  document.getElementById('remove-last').addEventListener('click', remove);

  // Hooks for tests, doing exactly what the three buttons do.
  window.portalDynamic = { append: append, change: change, remove: remove };

  if (new URLSearchParams(window.location.search).get('ticker') === '0') {
    tickerStatus.textContent = '快讯自动更新已关闭';
    ticker.setAttribute('data-state', 'done');
  } else {
    setTimeout(runTicker, 1000, 0);
  }
})();
