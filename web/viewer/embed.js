// scmap embed: on the page that embeds the viewer, sizes each scmap iframe to its content.
// The viewer in ?embed=1 posts {scmap: "height", height} to its parent whenever its layout
// changes; this sets the height of the one iframe it came from. Without this script the
// snippet's fixed height still shows the map, legend and source (the map takes what is left).
(function () {
  "use strict";
  if (window.__scmapEmbed) return; // one listener however many maps a page embeds
  window.__scmapEmbed = true;
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.scmap !== "height" || typeof d.height !== "number" || !isFinite(d.height)) return;
    var frames = document.querySelectorAll("iframe[data-scmap]");
    for (var i = 0; i < frames.length; i++)
      if (frames[i].contentWindow === e.source) {
        frames[i].style.height = Math.min(Math.max(Math.ceil(d.height), 150), 3000) + "px";
        return;
      }
  });
})();
