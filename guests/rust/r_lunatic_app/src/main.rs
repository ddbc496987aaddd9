//! A Rust program shaped as Lunatic's users write them with lunatic-rs, with std only: the
//! coordinator (the root process) reads jobs from a directory (std::fs) and from stdin, takes
//! its label from argv and the jobs' directory from the environment (std::env), registers
//! itself under a name (lunatic::registry), splits the work across worker processes spawned
//! from this module (lunatic::process::spawn) that look it up and send their sums back
//! (lunatic::message), sets two timers and cancels one (lunatic::timer), waits for the
//! other inside a caught call (lunatic::trap::catch, which must suspend through it) and
//! survives a panic caught the way lunatic-rs's `catch_panic` does.
use std::fs;
use std::io::{self, BufRead};

mod host {
    #[link(wasm_import_module = "lunatic::process")]
    extern "C" {
        pub fn process_id() -> u64;
        pub fn spawn(
            link: i64,
            config_id: i64,
            module_id: i64,
            function: *const u8,
            function_len: usize,
            params: *const u8,
            params_len: usize,
            id: *mut u64,
        ) -> u32;
    }
    #[link(wasm_import_module = "lunatic::message")]
    extern "C" {
        pub fn create_data(tag: i64, capacity: u64);
        pub fn write_data(data: *const u8, len: usize) -> usize;
        pub fn read_data(data: *mut u8, len: usize) -> usize;
        pub fn data_size() -> u64;
        pub fn get_tag() -> i64;
        pub fn send(process_id: u64) -> u32;
        pub fn receive(tags: *const i64, tags_len: usize, timeout_ms: u64) -> u32;
    }
    #[link(wasm_import_module = "lunatic::registry")]
    extern "C" {
        pub fn put(name: *const u8, name_len: usize, node_id: u64, process_id: u64);
        pub fn get(name: *const u8, name_len: usize, node_id: *mut u64, process_id: *mut u64)
            -> u32;
    }
    #[link(wasm_import_module = "lunatic::timer")]
    extern "C" {
        pub fn send_after(process_id: u64, delay_ms: u64) -> u64;
        pub fn cancel_timer(timer_id: u64) -> u32;
    }
    #[link(wasm_import_module = "lunatic::trap")]
    extern "C" {
        #[link_name = "catch"]
        pub fn catch_trap(function: i32, pointer: i32) -> i32;
    }
}

const COORDINATOR: &str = "coordinator";
const JOB_TAG: i64 = 1;
const RESULT_TAG: i64 = 1000;
const TICK_TAG: i64 = 77;
const CANCELLED_TAG: i64 = 78;
const FOREVER: u64 = u64::MAX;
const TIMEOUT: u32 = 9027;

fn send_bytes(to: u64, tag: i64, bytes: &[u8]) {
    unsafe {
        host::create_data(tag, bytes.len() as u64);
        host::write_data(bytes.as_ptr(), bytes.len());
        host::send(to);
    }
}

/// Waits for a message with `tag`; its data, or None after `timeout_ms`.
fn receive(tag: i64, timeout_ms: u64) -> Option<Vec<u8>> {
    let tags = [tag];
    if unsafe { host::receive(tags.as_ptr(), 1, timeout_ms) } == TIMEOUT {
        return None;
    }
    let mut data = vec![0u8; unsafe { host::data_size() } as usize];
    unsafe { host::read_data(data.as_mut_ptr(), data.len()) };
    Some(data)
}

fn numbers(bytes: &[u8]) -> Vec<i64> {
    bytes.chunks(8).map(|c| i64::from_le_bytes(c.try_into().unwrap())).collect()
}

/// The trampoline lunatic-rs exports: `function` is a function pointer, called with `pointer`.
#[export_name = "_lunatic_catch_trap"]
pub extern "C" fn lunatic_catch_trap(function: i32, pointer: i32) -> i32 {
    let function: fn(i32) -> i32 = unsafe { std::mem::transmute(function as usize) };
    function(pointer)
}

/// Runs `f` through lunatic::trap::catch: Some(its result), or None when it trapped (a panic
/// aborts, which is a trap).
fn catch_panic<F: FnOnce() -> i64>(f: F) -> Option<i64> {
    struct Call<F> {
        f: Option<F>,
        result: i64,
    }
    fn run<F: FnOnce() -> i64>(pointer: i32) -> i32 {
        let call = unsafe { &mut *(pointer as usize as *mut Call<F>) };
        call.result = (call.f.take().unwrap())();
        1
    }
    let mut call = Call { f: Some(f), result: 0 };
    let function = run::<F> as fn(i32) -> i32 as usize as i32;
    let pointer = &mut call as *mut Call<F> as usize as i32;
    match unsafe { host::catch_trap(function, pointer) } {
        0 => None,
        _ => Some(call.result),
    }
}

/// A worker: receives its job (numbers), looks the coordinator up in the registry and sends
/// it the sum.
#[export_name = "worker"]
pub extern "C" fn worker(index: i32) {
    let job = numbers(&receive(JOB_TAG, FOREVER).expect("a job"));
    let sum: i64 = job.iter().sum();
    println!("worker {}: {} numbers, sum {}", index, job.len(), sum);
    let (mut node, mut coordinator) = (0u64, 0u64);
    let found = unsafe { host::get(COORDINATOR.as_ptr(), COORDINATOR.len(), &mut node, &mut coordinator) };
    assert_eq!(found, 0, "the coordinator is registered");
    send_bytes(coordinator, RESULT_TAG + index as i64, &sum.to_le_bytes());
}

fn spawn_worker(index: i32) -> u64 {
    let mut params = vec![0x7Fu8];
    params.extend_from_slice(&(index as i128).to_le_bytes());
    let name = "worker";
    let mut id = 0u64;
    let rc = unsafe {
        host::spawn(0, -1, -1, name.as_ptr(), name.len(), params.as_ptr(), params.len(), &mut id)
    };
    assert_eq!(rc, 0, "spawn worker {}", index);
    id
}

fn parse_lines(text: &str) -> Vec<i64> {
    text.lines()
        .map(|line| line.trim().parse().unwrap_or_else(|_| panic!("not a number: {:?}", line)))
        .collect()
}

fn main() {
    let me = unsafe { host::process_id() };
    let label = std::env::args().nth(1).unwrap_or_else(|| "unnamed".to_string());
    let dir = std::env::var("JOBS_DIR").expect("JOBS_DIR");
    println!("coordinator {} ({})", me, label);
    unsafe { host::put(COORDINATOR.as_ptr(), COORDINATOR.len(), 0, me) };

    // The jobs: one per file of the directory, by name, then stdin's lines.
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("list the jobs")
        .map(|entry| entry.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    names.sort();
    let mut jobs: Vec<(String, Vec<i64>)> = names
        .iter()
        .map(|name| {
            let text = fs::read_to_string(format!("{}/{}", dir, name)).expect("read a job");
            (name.clone(), parse_lines(&text))
        })
        .collect();
    let stdin: Vec<String> = io::stdin().lock().lines().map(|l| l.expect("stdin")).collect();
    jobs.push(("stdin".to_string(), parse_lines(&stdin.join("\n"))));

    // A tick for later, and a timer cancelled before it fires.
    unsafe {
        host::create_data(TICK_TAG, 0);
        host::send_after(me, 30);
        host::create_data(CANCELLED_TAG, 0);
        let cancelled = host::send_after(me, 10);
        println!("cancel_timer: {}", host::cancel_timer(cancelled));
    }

    // The work, split across processes.
    for (index, (_, job)) in jobs.iter().enumerate() {
        let worker = spawn_worker(index as i32);
        let bytes: Vec<u8> = job.iter().flat_map(|n| n.to_le_bytes()).collect();
        send_bytes(worker, JOB_TAG, &bytes);
    }
    let mut total = 0;
    for (index, (name, _)) in jobs.iter().enumerate() {
        let sum = numbers(&receive(RESULT_TAG + index as i64, FOREVER).expect("a result"))[0];
        println!("{}: {}", name, sum);
        total += sum;
    }
    println!("total: {}", total);

    // A blocking receive inside a caught call: the process suspends through catch.
    let tick = catch_panic(|| {
        receive(TICK_TAG, FOREVER).expect("the tick");
        unsafe { host::get_tag() }
    });
    println!("tick inside catch: {:?}", tick);
    // A panic inside a caught call: catch returns 0 and the program goes on.
    let parsed = catch_panic(|| parse_lines("12\nx")[0]);
    println!("parse inside catch: {:?}", parsed);
    let cancelled = receive(CANCELLED_TAG, 50);
    println!("cancelled timer: {}", if cancelled.is_some() { "arrived" } else { "never came" });
    println!("done");
}
