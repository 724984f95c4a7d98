# days.gp: days left per account (the organisation report's overview). One
# row per account, the first ranked at the top: a bar from the end of its
# as-of day to its likely (P50) run-out day (hatched to the right edge when
# beyond the horizon), a diamond on its pessimistic (P10) day, a red cross
# for an account already in arrears, and a dashed line one week out.
# File: bars.tsv (from, row, p50 or the right edge, p10 or blank, arrears,
# beyond).
WEEK = {{WEEK}}
set ylabel ''
set grid noytics
set ytics scale 0 font FONT.',9'
set arrow 1 from WEEK, graph 0 to WEEK, graph 1 nohead lw 1.5 dt 2 lc rgb C_BAD front
set label 1 'one week' at WEEK, graph 1 left offset 0.5,-0.8 tc rgb C_BAD front
H = 0.32
plot 'bars.tsv' using ((($1) + ($3)) / 2):($5 + $6 > 0 ? 1/0 : $2):1:3:($2 - H):($2 + H) \
         with boxxyerror fs solid 0.55 noborder lc rgb C_ACT title 'P50: likely run-out', \
     '' using ((($1) + ($3)) / 2):($6 > 0 ? $2 : 1/0):1:3:($2 - H):($2 + H) \
         with boxxyerror fs pattern 4 border lc rgb C_ACT title 'beyond the horizon', \
     '' using 4:2 with points pt 13 ps 1.2 lc rgb C_FC title 'P10: pessimistic run-out', \
     '' using 1:($5 > 0 ? $2 : 1/0) with points pt 2 ps 1.6 lw 2 lc rgb C_BAD title 'in arrears'
