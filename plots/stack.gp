# stack.gp: consumption stacked by service (or account, tag): history in
# full colour, the forecast lighter, each layer with its own colour and,
# on every other layer, a hatching, so layers stay apart in grayscale.
# Files: stack.tsv and stackfc.tsv (t, 0, s1, s1+s2, ...: running totals;
# stackfc.tsv starts with the last actual step, so the two join).
set ylabel {{YLABEL}} noenhanced
NS = {{NS}}
array NAMES = {{NAMES}}
HASFC = {{HASFC}}
FCSTART = {{FCSTART}}
array PAL = ['#1f4e8c', '#f2a65a', '#4c9a50', '#c9c9c9', '#7b3f9e', '#e8d36a', \
             '#b5443c', '#8fc1e3', '#5b5b5b', '#f0a3c0']
col(s) = PAL[(s - 1) % |PAL| + 1]
pat(s) = (s % 2) ? 0 : ((s / 2) % 2 ? 4 : 5)
keypat(s) = pat(s) ? pat(s) : 3
if (HASFC) {
    set arrow 1 from FCSTART, graph 0 to FCSTART, graph 1 nohead lc rgb C_NOTE dt 3 lw 1 front
    set label 1 'forecast' at FCSTART, graph 0.96 left offset 0.6,0 tc rgb C_NOTE front
}
# Layers: full colour, then (every other layer) a white hatching over it;
# the key shows the same (its own entries: an overlay cannot have one).
plot for [s=1:NS] 'stack.tsv' using 1:(column(s + 1)):(column(s + 2)) with filledcurves \
         fs solid 1.0 noborder lc rgb col(s) notitle, \
     for [s=1:NS] 'stack.tsv' using 1:(column(s + 1)):(column(s + 2)) with filledcurves \
         fs transparent pattern pat(s) noborder lc rgb '#ffffff' notitle, \
     for [s=1:NS*HASFC] 'stackfc.tsv' using 1:(column(s + 1)):(column(s + 2)) with filledcurves \
         fs transparent solid 0.35 noborder lc rgb col(s) notitle, \
     for [s=1:NS*HASFC] 'stackfc.tsv' using 1:(column(s + 1)):(column(s + 2)) with filledcurves \
         fs transparent pattern pat(s) noborder lc rgb '#ffffff' notitle, \
     for [s=1:NS] keyentry with filledcurves fs pattern keypat(s) noborder lc rgb col(s) \
         title NAMES[s], \
     for [i=1:HASFC] keyentry with filledcurves fs transparent solid 0.35 noborder \
         lc rgb '#808080' title 'forecast (lighter)'
