//! A Rust program as Lunatic's users write them, with std only: it reads a preopened file,
//! lists a directory, writes a file and reads it back (std::fs), reads argv and the
//! environment (std::env), sums the numbers on stdin (std::io::stdin) and panics on a line
//! that is not a number. A lunatic host function is declared with wasm_import_module.
use std::fs;
use std::io::{self, BufRead};

#[link(wasm_import_module = "lunatic::process")]
extern "C" {
    fn process_id() -> u64;
}

fn main() {
    let id = unsafe { process_id() };
    println!("process {}", id);
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {:?}", args);
    println!("GREETING={}", std::env::var("GREETING").unwrap_or_default());

    let text = fs::read_to_string("data/hello.txt").expect("read data/hello.txt");
    print!("data/hello.txt: {}", text);
    let names: Vec<String> = fs::read_dir("data")
        .expect("list data")
        .map(|entry| entry.expect("entry").file_name().into_string().expect("utf-8"))
        .collect();
    println!("data: {:?}", names);
    println!("missing: {}", fs::read("data/missing").map(|_| "found").unwrap_or_else(|e| {
        if e.kind() == io::ErrorKind::NotFound { "not found" } else { "error" }
    }));

    fs::create_dir_all("out/logs").expect("create out/logs");
    fs::write("out/logs/run.txt", "written by rust\n").expect("write");
    print!("out/logs/run.txt: {}", fs::read_to_string("out/logs/run.txt").expect("read back"));
    let size = fs::metadata("out/logs/run.txt").expect("metadata").len();
    println!("size: {}", size);

    let mut sum: i64 = 0;
    for line in io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let n: i64 = line.trim().parse().unwrap_or_else(|_| panic!("not a number: {:?}", line));
        sum += n;
    }
    println!("sum of stdin: {}", sum);
}
