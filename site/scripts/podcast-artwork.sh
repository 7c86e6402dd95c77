#!/usr/bin/env bash
# Makes the balado's square artwork (site/public/balado/pochette.jpg), committed: Apple Podcasts
# asks for a JPEG or PNG of 1400 to 3000 px a side. Run again only to change it. Needs ffmpeg
# (scripts/lib.sh ensure_ffmpeg) and the DejaVu fonts Debian's Chromium brings.
set -euo pipefail
cd "$(dirname "$0")/.."
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
regular=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
out=public/balado/pochette.jpg
mkdir -p "$(dirname "$out")"
ffmpeg -hide_banner -nostdin -v error -y -f lavfi -i "color=c=0x1d4e89:s=1400x1400:d=1" -frames:v 1 -vf "\
drawbox=x=0:y=980:w=1400:h=420:color=0xf2b134:t=fill,\
drawtext=fontfile=$font:text='Passerelle':fontcolor=white:fontsize=150:x=(w-tw)/2:y=300,\
drawtext=fontfile=$font:text='le balado':fontcolor=white:fontsize=120:x=(w-tw)/2:y=500,\
drawtext=fontfile=$regular:text='Agir ensemble':fontcolor=0x1d4e89:fontsize=96:x=(w-tw)/2:y=1060,\
drawtext=fontfile=$regular:text='à l’ère numérique':fontcolor=0x1d4e89:fontsize=96:x=(w-tw)/2:y=1190" \
  -q:v 6 "$out"
echo "$out: $(stat -c %s "$out") bytes"
