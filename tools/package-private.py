#!/usr/bin/env python3
"""Package-private by default: drops `public` from top-level types that no class of another package uses.

Used = referenced from another package (exact package, sub-packages count as others) in
  - the compiled main and test classes (jdeps -verbose:class: fully qualified uses, nested types map to
    their top-level type),
  - the sources' imports of main, test and bench/ (compile-time constants are inlined, so bytecode misses them),
  - resources that name classes (META-INF/services, …),
  - the beans the diagrams' expressions call (${bean.method()}: JUEL only calls methods of public classes),
  - Feign client interfaces and the types they name (JDK proxies, in a module of their own), classes handed over by name (X.class.getName()),
    the class with main().
Then compiles; a type the compiler says must be public gets `public` back, until it compiles.
usage: python3 tools/package-private.py [--dry-run]   (run in the repository root after mvn test-compile)"""
import os, re, subprocess, sys
DRY = '--dry-run' in sys.argv
MAIN, TEST = 'src/main/java', 'src/test/java'

def sources(root):
    for dp, _, fs in os.walk(root):
        for f in fs:
            if f.endswith('.java'):
                yield os.path.join(dp, f)

def package_of(src):
    m = re.search(r'^package\s+([\w.]+);', src, re.M)
    return m.group(1) if m else ''

types = {}  # fqcn -> path (main top-level types)
for p in sources(MAIN):
    s = open(p).read()
    types[package_of(s) + '.' + os.path.basename(p)[:-5]] = p

def top_level(name):
    """io.returnflow.a.Outer$Inner or io.returnflow.a.Outer.Inner -> io.returnflow.a.Outer (when known)"""
    name = name.split('$')[0]
    parts = name.split('.')
    for i in range(len(parts), 0, -1):
        cand = '.'.join(parts[:i])
        if cand in types:
            return cand
    return None

used = set()
def use(from_pkg, target):
    t = top_level(target)
    if t and t.rsplit('.', 1)[0] != from_pkg:
        used.add(t)

# 1. bytecode
cp = subprocess.run(['mvn', '-B', '-o', '-q', 'dependency:build-classpath', '-Dmdep.outputFile=/dev/stdout'],
                    capture_output=True, text=True).stdout.strip()
for d in ['target/classes', 'target/test-classes']:
    out = subprocess.run(['jdeps', '-verbose:class', '-filter:none', '-e', r'io\.returnflow\..*',
                          '--multi-release', '17', '-cp', cp, d], capture_output=True, text=True).stdout
    for line in out.splitlines():
        m = re.match(r'\s+(io\.returnflow\.[\w.$]+)\s+->\s+(io\.returnflow\.[\w.$]+)', line)
        if m:
            src_cls = m.group(1).split('$')[0]
            use(src_cls.rsplit('.', 1)[0], m.group(2))

# 2. imports and qualified names in sources (main, test, bench)
for root in [MAIN, TEST, 'bench']:
    for p in sources(root):
        s = open(p).read()
        pkg = package_of(s)
        for m in re.finditer(r'^import\s+(?:static\s+)?(io\.returnflow\.[\w.]+?)(?:\.\*)?;', s, re.M):
            use(pkg, m.group(1))
        code = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', re.sub(r'^(package|import)[^\n]*', '', s, flags=re.M))
        for m in re.finditer(r'\b(io\.returnflow(?:\.[a-z]\w*)+\.[A-Z]\w*)', code):  # a name in a string is no use
            use(pkg, m.group(1))

# 3. resources naming classes
for root in ['src/main/resources', 'src/test/resources']:
    for dp, _, fs in os.walk(root):
        if 'webjars' in dp:
            continue
        for f in fs:
            try:
                s = open(os.path.join(dp, f), encoding='utf-8').read()
            except (UnicodeDecodeError, IsADirectoryError):
                continue
            for m in re.finditer(r'\b(io\.returnflow(?:\.[a-z]\w*)+\.[A-Z][\w$]*)', s):
                use('(resource)', m.group(1))

# 4. beans the diagrams' and forms' expressions reach into
beans = set()
for root in ['processes', 'forms', 'src/main/resources']:
    for dp, _, fs in os.walk(root):
        for f in fs:
            if f.endswith(('.bpmn', '.dmn', '.form')):
                beans |= set(re.findall(r'\$\{\s*([a-z]\w*)\.', open(os.path.join(dp, f), encoding='utf-8').read()))
for fq, p in types.items():
    s = open(p).read()
    simple = fq.rsplit('.', 1)[1]
    names = set(re.findall(r'@(?:Component|Service|Repository|Configuration)\("(\w+)"\)', s))
    names.add(simple[0].lower() + simple[1:])
    if names & beans:
        used.add(fq)
# 5. framework proxies of interfaces; classes handed to a framework by name; the entry point
    if '@FeignClient' in s or 'public static void main(' in s:
        used.add(fq)
    if '@FeignClient' in s:
        # the JDK proxy lives in a module of its own: every type of the client's signatures must be public
        code = re.sub(r'/\*.*?\*/|//[^\n]*', '', s, flags=re.S)
        for name in set(re.findall(r'\b([A-Z]\w*)\b', code)):
            t = top_level(package_of(s) + '.' + name)
            if t:
                used.add(t)
    for m in re.finditer(r'\b([A-Z]\w*)\.class\.getName\(\)', s):
        t = top_level(package_of(s) + '.' + m.group(1))
        if t:
            used.add(t)

DECL = re.compile(r'^public\s+((?:(?:abstract|final|sealed|non-sealed|strictfp)\s+)*)(class|interface|enum|record|@interface)\s+(\w+)', re.M)

def narrow(fq):
    p = types[fq]
    s = open(p).read()
    simple = fq.rsplit('.', 1)[1]
    for m in DECL.finditer(s):
        if m.group(3) == simple:
            s = s[:m.start()] + s[m.start() + len('public '):]
            open(p, 'w').write(s)
            return True
    return False

def widen(fq):
    p = types[fq]
    s = open(p).read()
    simple = fq.rsplit('.', 1)[1]
    m = re.search(r'^((?:(?:abstract|final|sealed|non-sealed|strictfp)\s+)*)(class|interface|enum|record|@interface)\s+'
                  + simple + r'\b', s, re.M)
    if m:
        s = s[:m.start()] + 'public ' + s[m.start():]
        open(p, 'w').write(s)

publics = [fq for fq, p in types.items() if re.search(r'^public\s+(?:\w+\s+)*(?:class|interface|enum|record|@interface)\s+'
                                                      + fq.rsplit('.', 1)[1] + r'\b', open(p).read(), re.M)]
candidates = sorted(fq for fq in publics if fq not in used)
print(f'{len(types)} types, {len(publics)} public, {len(used)} used from another package, '
      f'{len(candidates)} to make package-private')
if DRY:
    print('\n'.join(candidates))
    sys.exit(0)
# a type a framework needs public that an earlier run narrowed gets `public` back
for fq in sorted(used):
    if fq not in publics and fq in types:
        widen(fq)
        print('public again: ' + fq)
narrowed = [fq for fq in candidates if narrow(fq)]
for rnd in range(10):
    r = subprocess.run(['mvn', '-B', '-o', '-q', 'test-compile', '-Dexec.skip'], capture_output=True, text=True)
    errors = r.stdout + r.stderr
    if r.returncode == 0:
        break
    back = set()
    for m in re.finditer(r'(io\.returnflow[\w.]*\.[A-Z]\w*) is not public in (io\.returnflow[\w.]*)', errors):
        back.add(top_level(m.group(1)) or top_level(m.group(2) + '.' + m.group(1)))
    for m in re.finditer(r'\b(\w+) is not public in (io\.returnflow[\w.]*); cannot be accessed', errors):
        t = top_level(m.group(2) + '.' + m.group(1)) or (m.group(2) if m.group(2) in types else None)
        back.add(t)
    back.discard(None)
    if not back:
        print(errors[-4000:])
        sys.exit('compile errors the script does not know how to answer')
    print(f'round {rnd + 1}: public again: {sorted(back)}')
    for fq in back:
        widen(fq)
        if fq in narrowed:
            narrowed.remove(fq)
print(f'package-private now: {len(narrowed)}')
for fq in narrowed:
    print('  ' + fq)
