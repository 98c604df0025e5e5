// Puts characters into the page that HTML source cannot carry: NUL, C0 control
// characters, noncharacters and lone UTF-16 surrogates. Real pages get them
// from careless string slicing and copied text; the widget must leave them
// (and everything around them) exactly as they are.
(function () {
  'use strict';

  var target = document.getElementById('js-controls');
  var text = '空字符[\u0000] 记录分隔符[\u001E] 单元分隔符[\u001F] 退格[\u0008] ' +
    '非字符[\uFFFE\uFFFF] 孤立高代理[\uD800] 孤立低代理[\uDFFF] 颠倒的代理对[\uDC00\uD800] ' +
    '后面紧跟可转换的汉字：发\uD800后\u0000里面';
  target.textContent = text;
  target.setAttribute('title', '属性里的控制字符[\u0000\u001F]和孤立代理[\uD800]：发展');
  target.setAttribute('data-generated', 'true');
})();
