"""Check the hand-written documentation against the collection.

- every relative link in README.md and docs/**/*.md points at a file that exists,
  and every #anchor at a heading of the linked page;
- every YAML block parses;
- every hybridlink.expressroute.<name> names a module, filter, role, playbook or action group;
- every ARM error code the modules explain (errors.py HINTS and AUTH_CODES,
  global_reach.py FAILURE_ADVICE) is covered by docs/troubleshooting.md;
- every module and role has a page in docs/reference;
- no Unicode quotes (ansible-test's no-smart-quotes would reject them).

Run with the main .venv's Python (PyYAML).
"""

import ast
import glob
import os
import re
import sys

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
LINK = re.compile(r'\[[^\]]*\]\(([^)\s]+)\)')
FENCE = re.compile(r'^```(\w*)\n(.*?)^```', re.M | re.S)
FQCN = re.compile(r'(?<![\w.])hybridlink\.expressroute\.([a-z_][a-z0-9_]*)(?![\w.]*\.py)')
SMART_QUOTES = re.compile('[\u2018\u2019\u201c\u201d]')


def markdown_files():
    files = [os.path.join(ROOT, 'README.md')]
    files += sorted(glob.glob(os.path.join(ROOT, 'docs', '**', '*.md'), recursive=True))
    return files


def slug(heading):
    """GitHub's anchor for a heading."""
    text = re.sub(r'[`*_]', '', heading.strip().lower())
    text = re.sub(r'[^\w\- ]', '', text)
    return text.replace(' ', '-')


def anchors(path):
    with open(path, encoding='utf-8') as handle:
        text = FENCE.sub('', handle.read())
    return set(slug(line.lstrip('#')) for line in text.splitlines() if line.startswith('#'))


def string_keys(node):
    """The string constants of a dict literal's keys or of a list/set/frozenset([...]) call."""
    if isinstance(node, ast.Dict):
        return [key.value for key in node.keys if isinstance(key, ast.Constant)]
    if isinstance(node, ast.Call) and node.args:
        node = node.args[0]
    if isinstance(node, (ast.List, ast.Set, ast.Tuple)):
        return [item.value for item in node.elts if isinstance(item, ast.Constant)]
    return []


def explained_codes():
    """Error codes the modules attach a hint or advice to."""
    codes = set()
    for relative, names in (('plugins/module_utils/errors.py', ('HINTS', 'AUTH_CODES', 'CONFLICT_CODES')),
                            ('plugins/module_utils/global_reach.py', ('FAILURE_ADVICE',))):
        with open(os.path.join(ROOT, relative), encoding='utf-8') as handle:
            tree = ast.parse(handle.read())
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(target, 'id', None) in names for target in node.targets):
                codes.update(string_keys(node.value))
    return codes


def collection_names():
    names = set(os.path.splitext(os.path.basename(path))[0] for path in glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py')))
    names.update(os.path.basename(path) for path in glob.glob(os.path.join(ROOT, 'roles', '*')))
    names.update(os.path.splitext(os.path.basename(path))[0] for path in glob.glob(os.path.join(ROOT, 'playbooks', '*.yml')))
    # Filter plugins are documented one YAML file per filter.
    names.update(os.path.splitext(os.path.basename(path))[0] for path in glob.glob(os.path.join(ROOT, 'plugins', 'filter', '*.yml')))
    with open(os.path.join(ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        names.update((yaml.safe_load(handle) or {}).get('action_groups') or {})
    return names


def check_file(path, known, problems):
    where = os.path.relpath(path, ROOT)
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    for number, line in enumerate(text.splitlines(), 1):
        if SMART_QUOTES.search(line):
            problems.append('%s:%d: Unicode quote; use ASCII quotes' % (where, number))
    for language, block in FENCE.findall(text):
        if language in ('yaml', 'yml'):
            try:
                yaml.safe_load(block)
            except yaml.YAMLError as error:
                problems.append('%s: a YAML block does not parse: %s' % (where, str(error).splitlines()[0]))
    prose = FENCE.sub('', text)
    for target in LINK.findall(prose):
        if re.match(r'^[a-z]+:', target):
            continue
        file_part, _, anchor = target.partition('#')
        linked = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        if not os.path.exists(linked):
            problems.append('%s: link to %s, which does not exist' % (where, target))
        elif anchor and linked.endswith('.md') and anchor not in anchors(linked):
            problems.append('%s: link to %s, which has no heading #%s' % (where, file_part or where, anchor))
    for name in FQCN.findall(text):
        if name not in known:
            problems.append('%s: hybridlink.expressroute.%s is not a module, role, playbook or action group' % (where, name))


def main():
    problems = []
    known = collection_names()
    files = markdown_files()
    for path in files:
        check_file(path, known, problems)

    with open(os.path.join(ROOT, 'docs', 'troubleshooting.md'), encoding='utf-8') as handle:
        troubleshooting = handle.read()
    codes = explained_codes()
    for code in sorted(codes):
        if code not in troubleshooting:
            problems.append('docs/troubleshooting.md does not explain %s (a code the modules give a hint for)' % code)

    reference = os.path.join(ROOT, 'docs', 'reference')
    for module in glob.glob(os.path.join(ROOT, 'plugins', 'modules', '*.py')):
        page = os.path.splitext(os.path.basename(module))[0] + '_module.rst'
        if not os.path.isfile(os.path.join(reference, page)):
            problems.append('docs/reference has no %s: run `make docs-update`' % page)
    for role in glob.glob(os.path.join(ROOT, 'roles', '*', '')):
        name = os.path.basename(os.path.dirname(role))
        if os.path.isfile(os.path.join(role, 'meta', 'argument_specs.yml')) and \
                not os.path.isfile(os.path.join(reference, name + '_role.rst')):
            problems.append('docs/reference has no %s_role.rst: run `make docs-update`' % name)

    if problems:
        for problem in problems:
            print('docs: %s' % problem, file=sys.stderr)
        sys.exit('docs: %d problem(s)' % len(problems))
    print('docs: %d pages checked: links, YAML blocks, collection names, %d error codes in troubleshooting.md, reference pages'
          % (len(files), len(codes)))


if __name__ == '__main__':
    main()
