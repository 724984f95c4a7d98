# begin.gp: the start of every chart script. src/export/chart.c writes
# begin.gp, then the chart's template (fan.gp, balance.gp, stack.gp or
# burnup.gp), then end.gp, with each double-brace placeholder replaced by a
# number or a sanitised, single-quoted string (see docs/charts.md). The
# script runs in a private scratch directory and names only the fixed
# files there: *.tsv (data), out.svg and out.png (results).
set encoding utf8
# The font family of all text: one that covers Chinese when installed (see
# docs/charts.md), else 'sans'. Sizes are added to it.
FONT = {{FONT}}
set terminal svg size {{W}},{{H}} fixed font FONT.',11' background rgb 'white' noenhanced
set output 'out.svg'
set termoption noenhanced

# Data: tab-separated, first column a UTC time in epoch seconds.
set datafile separator "\t"
set xdata time
set timefmt '%s'
XMIN = {{XMIN}}
XMAX = {{XMAX}}
set xrange [XMIN:XMAX]
set yrange [{{YMIN}}:{{YMAX}}]

# Colours, chosen to stay apart in grayscale too (dark actuals, mid-tone
# forecasts); lines also differ by dash type and width.
C_ACT = '#1f4e8c'
C_FC = '#d2600a'
C_BAD = '#b71c1c'
C_ANOM = '#b71c1c'
C_MARK = '#444444'
C_NOTE = '#555555'

# Amounts in labels: thousands separators, cents below 100.
grp(n) = n < 1000 ? sprintf('%d', n) : grp(int(n / 1000)) . sprintf(',%03d', int(n) % 1000)
money(x) = abs(x) < 100 ? sprintf('%.2f', x) : (x < 0 ? '-' : '') . grp(int(abs(x) + 0.5))
# Dates in labels: "4 Dec 2023" and "4 Dec", with the time of day when the
# axis is in hours (FINE).
FINE = {{FINE}}
hhmm(t) = FINE ? strftime(' %H:%M', t) : ''
day(t) = sprintf('%d %s', tm_mday(t), strftime('%b %Y', t)) . hhmm(t)
dayshort(t) = sprintf('%d %s', tm_mday(t), strftime('%b', t)) . hhmm(t)

set title {{TITLE}} font FONT.',14' noenhanced
set xlabel {{XLABEL}} noenhanced
set border 3 lw 1 lc rgb '#555555'
set tics nomirror out scale 0.6,0.3 textcolor rgb '#333333'
set grid xtics ytics lt 1 lw 1 lc rgb '#e4e4e4'
set style textbox opaque fillcolor rgb '#30ffffff' noborder margins 1,1
set key outside bottom center horizontal samplen 4 spacing 1.1 width 1 height 0.6 noenhanced

# Date ticks, computed by chart.c from the span: hours, days, weeks,
# months, quarters or years, with the day or year under the first tick and
# wherever it changes.
array XT = {{XT}}
array XL1 = {{XL1}}
array XL2 = {{XL2}}
array XM = {{XM}}
set xtics () nomirror
do for [i=1:{{NXT}}] {
    lab = XL2[i] eq '' ? XL1[i] : XL1[i] . "\n" . XL2[i]
    set xtics add (lab XT[i])
}
# gnuplot leaves room for one line of tick labels only: the axis label
# (and the key below it) move down when some ticks have two.
TWOLINES = 0
do for [i=1:{{NXT}}] {
    if (XL2[i] ne '') { TWOLINES = 1 }
}
set xlabel offset 0,-0.8 * TWOLINES
do for [i=1:{{NXM}}] {
    set xtics add ('' XM[i] 1)
}
set mxtics default

# Value ticks, with thousands separators.
array YT = {{YT}}
array YL = {{YL}}
set ytics () nomirror
do for [i=1:{{NYT}}] {
    set ytics add (YL[i] YT[i])
}
