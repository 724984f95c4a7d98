# end.gp: the end of every chart script: the SVG drawn by the chart's
# template is closed, and the same plot is drawn again as PNG (where the
# title can be bold: the SVG terminal takes no font weight).
unset output
set title font FONT.':Bold,13'
set terminal pngcairo size {{W}},{{H}} font FONT.',10' background rgb 'white' noenhanced
set output 'out.png'
replot
unset output
