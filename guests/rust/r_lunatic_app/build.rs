// rustc 1.63 exports only `_start` from a wasm32-wasi program; newer ones (which
// lunatic-rs's users build with) export `#[export_name]` functions too. Ask the linker for
// the two this program's processes need: the spawned workers' entry and lunatic-rs's
// trampoline for lunatic::trap::catch.
fn main() {
    for name in ["worker", "_lunatic_catch_trap"] {
        println!("cargo:rustc-link-arg=--export={}", name);
    }
}
