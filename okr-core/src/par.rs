//! Two independent computations at once: on two threads where there are
//! threads, one after the other in WebAssembly (no threads there). Used
//! where the work splits into halves that share nothing mutable (the two
//! snapshots of a diff, the two halves of the rule set).

/// Runs `a` and `b` and returns both results.
pub(crate) fn both<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| {
            let other = s.spawn(b);
            let first = a();
            match other.join() {
                Ok(second) => (first, second),
                // The closures do not panic (the crate's lints forbid it);
                // were one to, it is resumed here as it was.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_results_come_back_in_order() {
        assert_eq!(super::both(|| 1, || "two"), (1, "two"));
    }
}
