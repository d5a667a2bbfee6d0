// Drag and drop for the upload page; the form works without this script.
"use strict";
(function () {
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var chosen = document.getElementById("chosen");
  var form = document.getElementById("check-form");
  var submit = document.getElementById("submit");
  if (!drop || !input) { return; }

  function show() {
    var names = [];
    for (var i = 0; i < input.files.length; i++) { names.push(input.files[i].name); }
    chosen.textContent = names.length ? "已选择 " + names.length + " 个文件：" + names.join("、") : "";
  }
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "dragend"].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
    var all = new DataTransfer();
    for (var i = 0; i < input.files.length; i++) { all.items.add(input.files[i]); }
    for (var j = 0; j < e.dataTransfer.files.length; j++) { all.items.add(e.dataTransfer.files[j]); }
    input.files = all.files;
    show();
  });
  input.addEventListener("change", show);
  form.addEventListener("submit", function () {
    submit.disabled = true;
    submit.textContent = "正在检查……";
  });
})();
