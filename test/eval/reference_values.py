# Reference values for test/eval/two_sample.test.ts, computed independently of the TypeScript code
# and of stdlib: Student's t CDF by mpmath's regularised incomplete beta, the normal tail by
# mpmath's erfc, exact Mann-Whitney distributions by enumerating every split of the ranks.
# Run: python3 test/eval/reference_values.py   (needs mpmath; SciPy is not used)
from itertools import combinations
from mpmath import mp, mpf, betainc, erfc, sqrt

mp.dps = 50

def mean(xs): return mpf(sum(mpf(x) for x in xs)) / len(xs)
def var(xs):
    m = mean(xs)
    return sum((mpf(x) - m) ** 2 for x in xs) / (len(xs) - 1)

def t_sf(t, df):  # P(T >= t) for t >= 0: I_{df/(df+t^2)}(df/2, 1/2) / 2
    return betainc(df / 2, mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2

def welch(a, b):
    va, vb = var(a) / len(a), var(b) / len(b)
    t = (mean(a) - mean(b)) / sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return t, df, 2 * t_sf(abs(t), df)

def u_stat(x, y):
    return sum(mpf(1) if xi > yj else mpf(1) / 2 if xi == yj else 0 for xi in x for yj in y)

def mwu_asymptotic(x, y, continuity=True):
    nx, ny = len(x), len(y); n = nx + ny
    u = u_stat(x, y)
    allv = list(x) + list(y)
    tie = sum(allv.count(v) ** 3 - allv.count(v) for v in set(allv))
    s = sqrt(mpf(nx * ny) / 12 * ((n + 1) - mpf(tie) / (n * (n - 1))))
    d = abs(u - mpf(nx * ny) / 2)
    if continuity and d > 0: d -= mpf(1) / 2
    z = d / s
    return u, erfc(z / sqrt(2))  # 2 * (1 - Phi(z)) = erfc(z / sqrt 2)

def mwu_exact(x, y):
    nx, ny = len(x), len(y)
    u = u_stat(x, y); umax = max(u, nx * ny - u)
    n = nx + ny; count = total = 0
    # Null distribution: every choice of x's ranks among 1..n is equally likely.
    for ranks in combinations(range(1, n + 1), nx):
        ux = sum(ranks) - mpf(nx * (nx + 1)) / 2
        total += 1
        if ux >= umax: count += 1
    return u, min(mpf(1), 2 * mpf(count) / total)

def hedges(a, b):
    na, nb = len(a), len(b)
    sp = sqrt(((na - 1) * var(a) + (nb - 1) * var(b)) / (na + nb - 2))
    return (mean(a) - mean(b)) / sp * (1 - mpf(3) / (4 * (na + nb) - 9))

males, females = [19, 22, 16, 29, 24], [20, 11, 17, 12]
a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4]
a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4]
far_a, far_b = [10.1, 10.3, 9.8, 10.0, 10.2, 9.9], [1.0, 1.4, 0.7, 1.1, 1.3, 0.9, 1.2]
tx = [1, 2, 2, 3, 4, 5, 6, 7, 8, 9]
ty = [2, 3, 3, 5, 10, 11, 12, 13, 14]
ex = [1.5, 3.2, 7.7]
ey = [0.1, 2.2, 2.9, 4.4, 5.0, 6.1, 8.3, 9.9, 10.4, 11.8]

for name, (a, b) in {'males/females': (males, females), 'wikipedia A1/A2': (a1, a2), 'far apart': (far_a, far_b)}.items():
    t, df, p = welch(a, b)
    print(f'welch {name}: t={mp.nstr(t, 17)} df={mp.nstr(df, 17)} p={mp.nstr(p, 17)}')
print('mwu asymptotic males/females:', [mp.nstr(v, 17) for v in mwu_asymptotic(males, females)])
print('mwu asymptotic no continuity males/females:', [mp.nstr(v, 17) for v in mwu_asymptotic(males, females, False)])
print('mwu exact males/females:', [mp.nstr(v, 17) for v in mwu_exact(males, females)])
print('mwu asymptotic with ties tx/ty:', [mp.nstr(v, 17) for v in mwu_asymptotic(tx, ty)])
print('mwu exact 3 vs 10 ex/ey:', [mp.nstr(v, 17) for v in mwu_exact(ex, ey)])
print('mwu asymptotic 10 vs 3 ey/ex (forced):', [mp.nstr(v, 17) for v in mwu_asymptotic(ey, ex)])
print('hedges g males/females:', mp.nstr(hedges(males, females), 17))
print('hedges g a1/a2:', mp.nstr(hedges(a1, a2), 17))
