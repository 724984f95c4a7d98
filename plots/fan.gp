# fan.gp: history and forecast of one series, 80% and 95% ranges shaded
# (darker = more likely), anomalies marked. Short histories (60 points or
# fewer) show their points, so a lone value between gaps is seen.
# Files: hist.tsv (t, value), fc.tsv (t, mean, lo80, hi80, lo95, hi95;
# its first row is the last actual value, so the fan starts from it),
# marks.tsv (t, value).
set ylabel {{YLABEL}} noenhanced
HASHIST = {{HASHIST}}
NHIST = {{NHIST}}
HASFC = {{HASFC}}
HASMARKS = {{HASMARKS}}
FCSTART = {{FCSTART}}
if (HASFC) {
    set arrow 1 from FCSTART, graph 0 to FCSTART, graph 1 nohead lc rgb C_NOTE dt 3 lw 1 back
    set label 1 'forecast' at FCSTART, graph 0.96 left offset 0.6,0 tc rgb C_NOTE
}
plot for [i=1:HASFC] 'fc.tsv' using 1:5:6 with filledcurves fs transparent solid 0.16 noborder \
         lc rgb C_FC title '95% range', \
     for [i=1:HASFC] 'fc.tsv' using 1:3:4 with filledcurves fs transparent solid 0.38 noborder \
         lc rgb C_FC title '80% range', \
     for [i=1:HASHIST * (NHIST > 60)] 'hist.tsv' using 1:2 with lines lw 1.5 lc rgb C_ACT \
         title 'actual', \
     for [i=1:HASHIST * (NHIST <= 60)] 'hist.tsv' using 1:2 with linespoints lw 1.5 pt 7 ps 0.5 \
         lc rgb C_ACT title 'actual', \
     for [i=1:HASFC] 'fc.tsv' using 1:2 with lines lw 2 dt 2 lc rgb C_FC title 'forecast (mean)', \
     for [i=1:HASMARKS] 'marks.tsv' using 1:2 with points pt 6 ps 1.6 lw 2 lc rgb C_ANOM \
         title 'anomaly'
