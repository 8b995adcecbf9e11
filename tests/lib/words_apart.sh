# SPDX-License-Identifier: MIT
# words_apart PDF MIN NAME: no two words of PDF meet, and it has at least MIN words. Their boxes
# (pdftotext -bbox) are shrunk by a fifth of their height top and bottom (the font's line box
# is taller than its letters). Prints the pairs that meet, under NAME; returns 1 if any did.
words_apart() {
  pdftotext -bbox "$1" - | sed -n 's/.*xMin="\([^"]*\)" yMin="\([^"]*\)" xMax="\([^"]*\)" yMax="\([^"]*\)">\(.*\)<\/word>/\1 \2 \3 \4 \5/p' |
    awk -v f="$3" -v min="$2" '{
      h = $4 - $2; x0[NR] = $1 + 0.5; y0[NR] = $2 + h / 5; x1[NR] = $3 - 0.5; y1[NR] = $4 - h / 5
      w[NR] = $5 } END {
      bad = 0
      for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++)
        if (x0[i] < x1[j] && x0[j] < x1[i] && y0[i] < y1[j] && y0[j] < y1[i]) {
          print f ": \"" w[i] "\" overlaps \"" w[j] "\""; bad = 1 }
      if (NR < min) { print f ": only " NR " words"; bad = 1 }
      exit bad }'
}
