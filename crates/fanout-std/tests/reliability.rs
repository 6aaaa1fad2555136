//! The reliability tests (property, faults, thread accounting), run against both std
//! engines.

mod std_mpsc {
    fanout_conformance::reliability_tests!(fanout_std::StdMpsc);
}

mod seed_layout {
    fanout_conformance::reliability_tests!(fanout_std::SeedLayout);
}
