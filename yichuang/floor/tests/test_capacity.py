"""Capacity planning (issue 19 §3; R-63): Erlang C against known values, and against the
discrete-event simulation (SimPy) of the same hall within 10 % of the mean wait."""

import math

import pytest

from yichuang.floor import capacity


def test_erlang_c_matches_the_textbook_value():
    # c = 2 windows, a = 1 Erlang: C = 1/3 (any queueing table).
    assert capacity.erlang_c(2, 1.0) == pytest.approx(1 / 3)


def test_a_single_window_is_the_m_m_1_queue():
    # λ = 10/h, service 4 min (μ = 15/h): Wq = ρ/(μ−λ) = (2/3)/5 h = 8 min.
    assert capacity.mean_wait(1, 10, 4) == pytest.approx(8.0)


def test_too_few_windows_never_catch_up():
    assert capacity.mean_wait(2, 60, 3) == math.inf


def test_the_recommendation_is_the_fewest_windows_meeting_the_target():
    needed = capacity.windows_needed(200, 6, target_minutes=5)
    assert capacity.mean_wait(needed, 200, 6) <= 5 < capacity.mean_wait(needed - 1, 200, 6)


def test_nobody_coming_needs_no_window():
    assert capacity.windows_needed(0, 6, 5) == 0


def test_the_simulation_agrees_with_erlang_c_within_ten_percent():
    # A township's busy category: 30 an hour, 10 minutes each, a 5-minute target (ρ ≈ 0.7).
    servers = capacity.windows_needed(30, 10, target_minutes=5)
    formula = capacity.mean_wait(servers, 30, 10)
    simulated = capacity.simulate(servers, 30, 10, hours=1000, seed=1).mean_wait_minutes
    assert abs(simulated - formula) / formula < 0.10, (servers, formula, simulated)
