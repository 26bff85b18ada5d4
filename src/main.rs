fn main() {
    std::process::exit(orglint::cli::main());
}
