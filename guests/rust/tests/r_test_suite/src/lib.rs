//! A test suite in the shape lunatic-rs's `#[lunatic::test]` gives it: every test is an
//! export `#lunatic_test_[#ignore_][#panic_<MSG>#]<module path>::<name>` of type `() -> ()`,
//! run by Lunatic's `cargo test` mode (or `lunatic-harness test`), never by libtest's own
//! `main`. Tests named `fails_*` fail on purpose; the others pass.

/// The adder the suite tests.
pub fn add(a: u32, b: u32) -> u32 {
    a + b
}

#[cfg(test)]
mod tests {
    use super::add;

    #[link(wasm_import_module = "lunatic::process")]
    extern "C" {
        fn spawn(
            link: i64,
            config_id: i64,
            module_id: i64,
            func_str_ptr: *const u8,
            func_str_len: u32,
            params_ptr: *const u8,
            params_len: u32,
            id_ptr: *mut u64,
        ) -> u32;
        fn process_id() -> u64;
    }

    #[link(wasm_import_module = "lunatic::message")]
    extern "C" {
        fn create_data(tag: i64, capacity: u64);
        fn send(process_id: u64) -> u32;
        fn receive(tag_ptr: *const i64, tag_len: u32, timeout_ms: u64) -> u32;
    }

    // Spawns `entry` of this module with i64 parameters, linked with tag `link` (0: not).
    fn spawn_entry(link: i64, entry: &str, params: &[i64]) -> u64 {
        let mut encoded = Vec::new();
        for param in params {
            encoded.push(0x7Eu8);
            encoded.extend_from_slice(&(*param as i128).to_le_bytes());
        }
        let mut id = 0u64;
        let code = unsafe {
            spawn(link, -1, -1, entry.as_ptr(), entry.len() as u32, encoded.as_ptr(),
                  encoded.len() as u32, &mut id)
        };
        assert_eq!(code, 0, "spawn failed");
        id
    }

    fn receive_forever() {
        unsafe { receive(std::ptr::null(), 0, u64::MAX) };
    }

    #[export_name = "#lunatic_test_tests::adds"]
    pub extern "C" fn adds() {
        println!("a passing test prints this");
        assert_eq!(add(2, 2), 4);
    }

    #[export_name = "#lunatic_test_tests::fails_an_assertion"]
    pub extern "C" fn fails_an_assertion() {
        println!("about to fail");
        assert_eq!(add(2, 2), 5);
    }

    #[export_name = "#lunatic_test_tests::fails_with_a_trap"]
    pub extern "C" fn fails_with_a_trap() {
        #[cfg(target_arch = "wasm32")]
        core::arch::wasm32::unreachable();
    }

    #[export_name = "#lunatic_test_#ignore_tests::ignored_by_default"]
    pub extern "C" fn ignored_by_default() {
        panic!("an ignored test is not run");
    }

    #[export_name = "#lunatic_test_#panic_#tests::should_panic"]
    pub extern "C" fn should_panic() {
        panic!("anything");
    }

    #[export_name = "#lunatic_test_#panic_attempt to divide#tests::should_panic_with_a_message"]
    pub extern "C" fn should_panic_with_a_message() {
        let zero = add(0, 0);
        println!("{}", 1 / zero);
    }

    #[export_name = "#lunatic_test_#panic_issue \\#14#tests::should_panic_with_a_hash"]
    pub extern "C" fn should_panic_with_a_hash() {
        panic!("see issue #14");
    }

    #[export_name = "#lunatic_test_#panic_another message#tests::fails_panicking_differently"]
    pub extern "C" fn fails_panicking_differently() {
        panic!("this message");
    }

    #[export_name = "#lunatic_test_#panic_#tests::fails_not_panicking"]
    pub extern "C" fn fails_not_panicking() {}

    #[export_name = "crasher"]
    pub extern "C" fn crasher() {
        panic!("the child crashes");
    }

    #[export_name = "#lunatic_test_tests::fails_when_a_linked_child_dies"]
    pub extern "C" fn fails_when_a_linked_child_dies() {
        spawn_entry(1, "crasher", &[]);
        receive_forever();
    }

    #[export_name = "chatty_child"]
    pub extern "C" fn chatty_child(parent: i64) {
        println!("the child prints this");
        unsafe {
            create_data(1, 0);
            send(parent as u64);
        }
    }

    #[export_name = "#lunatic_test_tests::captures_only_its_own_output"]
    pub extern "C" fn captures_only_its_own_output() {
        let me = unsafe { process_id() } as i64;
        spawn_entry(0, "chatty_child", &[me]);
        receive_forever();
        println!("the test prints this");
    }
}
