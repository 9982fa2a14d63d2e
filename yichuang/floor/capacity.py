"""Capacity planning (R-63): how many windows to open each hour so that the mean wait stays
under a target, from the tickets' arrivals and service times (docs/decisions/0050).

The model is M/M/c per category: arrivals Poisson at the hour's mean rate λ, service times
exponential with the category's mean 1/μ, c windows calling that category. Erlang C gives
the probability that a person has to wait, P(W>0), and the mean wait Wq = P(W>0) / (cμ − λ).
`simulate` runs the same hour as a discrete-event simulation with SimPy — the check that
the formula (and our use of it) says what a hall would see."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


def erlang_c(servers: int, load: float) -> float:
    """P(wait > 0) in M/M/c with `servers` windows and offered load a = λ/μ (in Erlangs).
    Computed through the Erlang B recursion, which stays stable for large c."""
    if load <= 0:
        return 0.0
    if servers <= load:
        return 1.0
    b = 1.0
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    return servers * b / (servers - load * (1 - b))


def mean_wait(servers: int, arrivals_per_hour: float, service_minutes: float) -> float:
    """Mean wait in minutes (infinite when the windows cannot keep up)."""
    if arrivals_per_hour <= 0:
        return 0.0
    rate = 60.0 / service_minutes  # per window per hour
    load = arrivals_per_hour / rate
    if servers <= load:
        return math.inf
    return erlang_c(servers, load) / (servers * rate - arrivals_per_hour) * 60.0


def windows_needed(arrivals_per_hour: float, service_minutes: float, target_minutes: float, limit: int = 60) -> int:
    """The fewest windows whose mean wait is at most `target_minutes` (0 when nobody comes)."""
    if arrivals_per_hour <= 0:
        return 0
    for servers in range(1, limit + 1):
        if mean_wait(servers, arrivals_per_hour, service_minutes) <= target_minutes:
            return servers
    return limit


@dataclass
class SimResult:
    served: int
    mean_wait_minutes: float


def simulate(
    servers: int, arrivals_per_hour: float, service_minutes: float, hours: float = 500, seed: int = 1
) -> SimResult:
    """The hour repeated for `hours` hours in SimPy (after a warm-up of a tenth of that, not
    counted): Poisson arrivals, exponential service, `servers` windows taking the next person
    in order."""
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    windows = simpy.Resource(env, capacity=servers)
    warm_up = hours * 60 / 10
    waits: list[float] = []

    def person():
        arrived = env.now
        with windows.request() as turn:
            yield turn
            if arrived >= warm_up:
                waits.append(env.now - arrived)
            yield env.timeout(rng.expovariate(1.0 / service_minutes))

    def arrivals():
        while True:
            yield env.timeout(rng.expovariate(arrivals_per_hour / 60.0))
            env.process(person())

    env.process(arrivals())
    env.run(until=warm_up + hours * 60)
    return SimResult(served=len(waits), mean_wait_minutes=sum(waits) / len(waits) if waits else 0.0)
