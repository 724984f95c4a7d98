# balance.gp: the prepaid balance running down. P50 (median) path solid,
# P10 (low case) dashed, P90 (high case) dotted, the P10-P90 range shaded;
# alert thresholds as coloured horizontal lines; run-out days and the
# arrears timeline (suspension, data deletion) as labelled vertical lines.
# Files: paths.tsv (t, p50, p10, p90).
CUR = {{CUR}}
set ylabel (CUR eq '' ? 'Balance' : 'Balance (' . CUR . ')') noenhanced
amount(x) = CUR eq '' ? money(x) : money(x) . ' ' . CUR
BAND = {{BAND}}
PATHEND = {{PATHEND}}

# Zero: below it the account is in arrears.
set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lw 1.5 lc rgb '#000000' front
set label 1 'zero balance' at graph 0.01, first 0 left offset 0,-0.8 tc rgb '#000000' front

# Alert thresholds, coloured and dashed by level name.
NTHR = {{NTHR}}
array THR = {{THR}}
array THRN = {{THRN}}
thrc(n) = strstrt(n, 'red') ? '#c62828' : strstrt(n, 'yellow') ? '#a87b00' : \
          strstrt(n, 'blue') ? '#1565c0' : '#666666'
thrdt(n) = strstrt(n, 'red') ? 1 : strstrt(n, 'yellow') ? 4 : strstrt(n, 'blue') ? 2 : 3
do for [i=1:NTHR] {
    c = thrc(THRN[i])
    d = thrdt(THRN[i])
    set arrow from graph 0, first THR[i] to graph 1, first THR[i] nohead lw 1.5 dt d lc rgb c back
    set label THRN[i] . ': alert below ' . amount(THR[i]) at graph 0.01, first THR[i] left \
        offset 0,0.7 tc rgb c boxed front
}

# Run-out days (labelled at the top) and the arrears timeline of the P50
# path (at the bottom); those past the axis are listed in a note.
array RUN = {{RUN}}
array HASRUN = {{HASRUN}}
array RUNNAME = ['P10', 'P50', 'P90']
array RUNDT = [2, 1, 3]
array RUNOFF = [-1.5, 1.5, 1.5]  # P10 labelled left of its line, P50 and P90 right
note = ''
do for [i=1:3] {
    if (HASRUN[i] && RUN[i] >= XMIN && RUN[i] <= XMAX) {
        d = RUNDT[i]
        set arrow from RUN[i], graph 0 to RUN[i], graph 1 nohead lw 1.2 dt d lc rgb C_MARK back
        set label RUNNAME[i] . ' run-out ' . dayshort(RUN[i]) at RUN[i], graph 0.98 \
            rotate by 90 right offset RUNOFF[i],0 tc rgb C_MARK font ',9' boxed front
    } else {
        note = note . (note eq '' ? '' : "\n") . RUNNAME[i] . ' run-out: ' . \
            (HASRUN[i] ? day(RUN[i]) : 'after ' . day(PATHEND))
    }
}
HASSUSP = {{HASSUSP}}
SUSP = {{SUSP}}
HASDEL = {{HASDEL}}
DEL = {{DEL}}
if (HASSUSP && SUSP <= XMAX) {
    set arrow from SUSP, graph 0 to SUSP, graph 1 nohead lw 2 dt 5 lc rgb C_BAD back
    set label 'services suspended ' . dayshort(SUSP) at SUSP, graph 0.02 rotate by 90 left \
        offset -1.5,0 tc rgb C_BAD font ',9' boxed front
}
if (HASSUSP && SUSP > XMAX) {
    note = note . (note eq '' ? '' : "\n") . 'services suspended: ' . day(SUSP)
}
if (HASDEL && DEL <= XMAX) {
    set arrow from DEL, graph 0 to DEL, graph 1 nohead lw 2 dt 4 lc rgb '#000000' back
    set label 'data deleted ' . dayshort(DEL) at DEL, graph 0.02 rotate by 90 left \
        offset -1.5,0 tc rgb '#000000' font ',9' boxed front
}
if (HASDEL && DEL > XMAX) {
    note = note . (note eq '' ? '' : "\n") . 'data deleted: ' . day(DEL)
}
if (note ne '') {
    set label note at graph 0.99, graph 0.97 right tc rgb C_MARK boxed front
}

plot for [i=1:BAND] 'paths.tsv' using 1:3:4 with filledcurves fs transparent solid 0.18 noborder \
         lc rgb C_ACT title 'P10-P90 range', \
     for [i=1:BAND] 'paths.tsv' using 1:3 with lines lw 1.5 dt 2 lc rgb C_ACT \
         title 'P10 (low balance)', \
     for [i=1:BAND] 'paths.tsv' using 1:4 with lines lw 1.5 dt 3 lc rgb C_ACT \
         title 'P90 (high balance)', \
     'paths.tsv' using 1:2 with lines lw 2.5 lc rgb C_ACT title 'P50 (median balance)'
