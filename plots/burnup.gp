# burnup.gp: budget burn-up. Cumulative actual spend (solid), forecast
# cumulative spend (dashed) with its 80% range shaded, the budget as a
# horizontal line and the likely breach day as a vertical line.
# Files: act.tsv (t, cumulative), fc.tsv (t, mean, lo80, hi80; its first
# row is the last actual total, so the lines join).
CUR = {{CUR}}
set ylabel (CUR eq '' ? 'Cumulative spend' : 'Cumulative spend (' . CUR . ')') noenhanced
amount(x) = CUR eq '' ? money(x) : money(x) . ' ' . CUR
HASACT = {{HASACT}}
HASFC = {{HASFC}}
FCSTART = {{FCSTART}}
HASBUDGET = {{HASBUDGET}}
BUDGET = {{BUDGET}}
HASBREACH = {{HASBREACH}}
BREACH = {{BREACH}}
if (HASBUDGET) {
    set arrow 1 from graph 0, first BUDGET to graph 1, first BUDGET nohead lw 2 dt 4 \
        lc rgb C_BAD front
    set label 1 'budget: ' . amount(BUDGET) at graph 0.01, first BUDGET left offset 0,0.8 \
        tc rgb C_BAD boxed front
}
if (HASBREACH && BREACH >= XMIN && BREACH <= XMAX) {
    set arrow 2 from BREACH, graph 0 to BREACH, graph 1 nohead lw 1.5 dt 3 lc rgb C_BAD front
    set label 2 'likely over budget from ' . day(BREACH) at BREACH, graph 0.03 rotate by 90 \
        left offset -1.5,0 tc rgb C_BAD boxed front
    if (HASBUDGET) {
        set label 3 '' at BREACH, first BUDGET point pt 7 ps 1.4 lc rgb C_BAD front
    }
}
plot for [i=1:HASFC] 'fc.tsv' using 1:3:4 with filledcurves fs transparent solid 0.3 noborder \
         lc rgb C_FC title 'forecast 80% range', \
     for [i=1:HASACT] 'act.tsv' using 1:2 with lines lw 2.5 lc rgb C_ACT title 'actual spend', \
     for [i=1:HASFC] 'fc.tsv' using 1:2 with lines lw 2 dt 2 lc rgb C_FC title 'forecast spend'
