// The mobile page's own behaviour: lib-flexible-style root size, the
// hamburger menu, the carousel's dots and autoplay, 返回顶部.
(function () {
  'use strict';
  var html = document.documentElement;
  function rem() { html.style.fontSize = Math.min(window.innerWidth, 540) / 375 * 16 + 'px'; }
  rem();
  window.addEventListener('resize', rem);
  window.addEventListener('orientationchange', rem);

  var burger = document.getElementById('burger'), menu = document.getElementById('m-menu');
  burger.addEventListener('click', function () {
    var open = menu.hidden;
    menu.hidden = !open;
    burger.setAttribute('aria-expanded', String(open));
  });

  var track = document.getElementById('track'), dots = document.querySelectorAll('#dots span');
  track.addEventListener('scroll', function () {
    var i = Math.round(track.scrollLeft / track.clientWidth);
    dots.forEach(function (d, j) { d.className = j === i ? 'on' : ''; });
  });
  var auto = setInterval(function () {
    if (!window.mobileAutoplay) return;
    var i = (Math.round(track.scrollLeft / track.clientWidth) + 1) % dots.length;
    track.scrollTo({ left: i * track.clientWidth, behavior: 'smooth' });
  }, 4000);
  window.mobileAutoplay = /autoplay=1/.test(location.search);

  var gotop = document.getElementById('gotop');
  gotop.addEventListener('click', function (e) { e.preventDefault(); window.scrollTo({ top: 0, behavior: 'smooth' }); });
})();
