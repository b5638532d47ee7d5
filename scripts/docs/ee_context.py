"""Stage and check the execution environment build context of this collection.

`stage` lays out a build folder the way the collection root looks, so that
meta/execution-environment.yml resolves requirements.txt and bindep.txt
exactly as ansible-builder's introspection does, and points the galaxy
dependency at the collection artifact built from this checkout (carried into
the context, so the image does not need Galaxy).

`check` verifies what `ansible-builder create` wrote: a Containerfile that
installs the collection, ansible-core and ansible-runner, and the collection's
Python and system requirements in the context; and, with --introspected, that
ansible-builder's introspection of the installed artifact finds them too.

Run with the Python of the venv that holds ansible-builder (it brings PyYAML).
"""

import argparse
import os
import shutil
import sys

import yaml

ARTIFACT_DEST = 'collections'


def requirement_lines(path):
    """The meaningful lines of a pip or bindep file: no comments, no blanks."""
    with open(path, encoding='utf-8') as handle:
        lines = [line.split('#', 1)[0].strip() for line in handle]
    return [line for line in lines if line]


def staged_definition(definition, artifact_name):
    """The EE definition with its galaxy dependency replaced by the local artifact."""
    staged = dict(definition)
    dependencies = dict(staged.get('dependencies') or {})
    dependencies['galaxy'] = {
        'collections': [{'name': '%s/%s' % (ARTIFACT_DEST, artifact_name), 'type': 'file'}],
    }
    staged['dependencies'] = dependencies
    staged['additional_build_files'] = list(staged.get('additional_build_files') or []) + [
        {'src': artifact_name, 'dest': ARTIFACT_DEST},
    ]
    return staged


def stage(args):
    with open(args.definition, encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    dependencies = definition.get('dependencies') or {}
    problems = []
    for entry in ('python', 'system'):
        path = dependencies.get(entry)
        if not isinstance(path, str) or os.path.isabs(path) or not os.path.isfile(os.path.join(args.collection_root, path)):
            problems.append('dependencies.%s must name a file relative to the collection root, got %r' % (entry, path))
    if problems:
        sys.exit('%s: %s' % (args.definition, '; '.join(problems)))

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    for entry in ('python', 'system'):
        relative = dependencies[entry]
        target = os.path.join(args.out, relative)
        os.makedirs(os.path.dirname(target) or args.out, exist_ok=True)
        shutil.copyfile(os.path.join(args.collection_root, relative), target)
    artifact_name = os.path.basename(args.artifact)
    shutil.copyfile(args.artifact, os.path.join(args.out, artifact_name))
    with open(os.path.join(args.out, 'execution-environment.yml'), 'w', encoding='utf-8') as handle:
        handle.write('---\n# Staged by scripts/docs/ee_context.py from meta/execution-environment.yml.\n')
        yaml.safe_dump(staged_definition(definition, artifact_name), handle, sort_keys=False)
    print('staged %s' % args.out)


def check(args):
    context = args.context
    build = os.path.join(context, '_build')
    problems = []
    containerfile = os.path.join(context, 'Containerfile')
    text = ''
    if not os.path.isfile(containerfile):
        problems.append('no Containerfile in %s' % context)
    else:
        with open(containerfile, encoding='utf-8') as handle:
            text = handle.read()
    for needle, why in (
            ('ansible-galaxy collection install', 'installs the galaxy requirements'),
            ('ansible-core==', 'installs a pinned ansible-core'),
            ('ansible-runner==', 'installs a pinned ansible-runner'),
            ('introspect', 'collects the Python and system requirements of the installed collections'),
    ):
        if text and needle not in text:
            problems.append('the Containerfile never %s (%r missing)' % (why, needle))

    for name, source in (('requirements.txt', args.requirements), ('bindep.txt', args.bindep)):
        built = os.path.join(build, name)
        if not os.path.isfile(built):
            problems.append('%s is not in the context' % name)
            continue
        have = set(requirement_lines(built))
        for line in requirement_lines(source):
            if line not in have:
                problems.append('%s in the context lacks %r from %s' % (name, line, source))

    galaxy = os.path.join(build, 'requirements.yml')
    if not os.path.isfile(galaxy):
        problems.append('requirements.yml (galaxy) is not in the context')
    else:
        with open(galaxy, encoding='utf-8') as handle:
            wanted = yaml.safe_load(handle) or {}
        for item in wanted.get('collections') or []:
            name = item.get('name', '') if isinstance(item, dict) else str(item)
            if item.get('type') == 'file' and not os.path.isfile(os.path.join(build, name)):
                problems.append('the collection artifact %s is not in the context' % name)
        if not wanted.get('collections'):
            problems.append('requirements.yml installs no collection')

    if args.introspected:
        # What ansible-builder's introspection found in the installed collection:
        # the path every EE that includes this collection takes.
        for name, source in (('requirements.txt', args.requirements), ('bindep.txt', args.bindep)):
            found = os.path.join(args.introspected, name)
            have = set(requirement_lines(found)) if os.path.isfile(found) else set()
            for line in requirement_lines(source):
                if line not in have:
                    problems.append('introspection of the installed collection did not find %r (%s): '
                                    'check dependencies in meta/execution-environment.yml' % (line, name))

    if problems:
        for problem in problems:
            print('EE context: %s' % problem, file=sys.stderr)
        sys.exit(1)
    print('EE context OK: %s (Containerfile, requirements.txt, bindep.txt, requirements.yml, collection artifact%s)'
          % (context, ', introspection' if args.introspected else ''))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest='command', required=True)
    staging = commands.add_parser('stage')
    staging.add_argument('--definition', required=True)
    staging.add_argument('--collection-root', required=True)
    staging.add_argument('--artifact', required=True)
    staging.add_argument('--out', required=True)
    checking = commands.add_parser('check')
    checking.add_argument('--context', required=True)
    checking.add_argument('--requirements', required=True)
    checking.add_argument('--bindep', required=True)
    checking.add_argument('--introspected', help='folder with the requirements.txt and bindep.txt that introspect.py wrote')
    args = parser.parse_args(argv)
    {'stage': stage, 'check': check}[args.command](args)


if __name__ == '__main__':
    main()
