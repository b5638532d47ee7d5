"""Render docs/diagrams/*.dot to the committed SVGs, or check that they match.

    python scripts/docs/diagrams.py render   # needs Graphviz `dot`
    python scripts/docs/diagrams.py check    # skips with a message when `dot` is missing

The check compares what a reader sees, the text, node and edge names of each
SVG, not its bytes: Graphviz versions lay out and number things differently.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

DIAGRAMS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'docs', 'diagrams')
VISIBLE = re.compile(r'<(text|title)[^>]*>([^<]*)</\1>')


def visible_text(svg):
    """The sorted text and title elements of an SVG: its words, nodes and edges."""
    return sorted(VISIBLE.findall(svg))


def render(source, target):
    completed = subprocess.run(['dot', '-Tsvg', source, '-o', target], capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        sys.exit('dot failed on %s:\n%s' % (source, completed.stderr))


def sources():
    found = sorted(glob.glob(os.path.join(DIAGRAMS, '*.dot')))
    if not found:
        sys.exit('no diagrams in %s' % DIAGRAMS)
    return found


def render_all():
    if shutil.which('dot') is None:
        sys.exit('Graphviz `dot` is not installed (Debian: apt-get install graphviz); cannot render the diagrams')
    for source in sources():
        render(source, source[:-len('.dot')] + '.svg')
        print('rendered %s' % os.path.relpath(source[:-len('.dot')] + '.svg'))


def check_all():
    problems = []
    for source in sources():
        if not os.path.isfile(source[:-len('.dot')] + '.svg'):
            problems.append('%s has no rendered .svg beside it' % os.path.basename(source))
    for svg in glob.glob(os.path.join(DIAGRAMS, '*.svg')):
        if not os.path.isfile(svg[:-len('.svg')] + '.dot'):
            problems.append('%s has no .dot source' % os.path.basename(svg))
    if shutil.which('dot') is None:
        print('diagrams: Graphviz `dot` not installed, skipped re-rendering (the committed SVGs are used as they are)')
    else:
        with tempfile.TemporaryDirectory() as scratch:
            for source in sources():
                committed = source[:-len('.dot')] + '.svg'
                if not os.path.isfile(committed):
                    continue
                fresh = os.path.join(scratch, os.path.basename(committed))
                render(source, fresh)
                with open(committed, encoding='utf-8') as handle, open(fresh, encoding='utf-8') as new:
                    if visible_text(handle.read()) != visible_text(new.read()):
                        problems.append('%s is not the rendering of %s' % (
                            os.path.basename(committed), os.path.basename(source)))
    if problems:
        for problem in problems:
            print('diagrams: %s' % problem, file=sys.stderr)
        sys.exit('diagrams: run `make docs-update` (needs Graphviz) and commit docs/diagrams/')
    print('diagrams: %d up to date' % len(sources()))


if __name__ == '__main__':
    if sys.argv[1:] == ['render']:
        render_all()
    elif sys.argv[1:] == ['check']:
        check_all()
    else:
        sys.exit(__doc__)
