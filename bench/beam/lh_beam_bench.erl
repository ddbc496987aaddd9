%% The lh_bench workloads on BEAM, for scripts/bench-compare. Run on one scheduler:
%%   erl -noshell +S 1 +P 2000000 -pa DIR -run lh_beam_bench main [Runs] -s init stop
%% (+P: a million live processes need more than the default limit of 262,144.)
%% Every process is spawned with {message_queue_data, off_heap}. Each workload runs in a
%% fresh process, Runs times (default 5); the median time per operation is printed, as one
%% JSON object on stdout: {"otp": ..., "workloads": {NAME: {"us_per_op": ..., ...}}}.
-module(lh_beam_bench).
-export([main/0, main/1]).

-define(OPTS, [{message_queue_data, off_heap}]).

main() -> main(["5"]).
main([Runs | _]) ->
    R = list_to_integer(Runs),
    Results = [
        {spawn_exit, per_op(R, 1000, fun spawn_exit/1)},
        {spawn_link_normal, per_op(R, 1000, fun spawn_link_normal/1)},
        {spawn_link_failure, per_op(R, 1000, fun spawn_link_failure/1)},
        {link_unlink, per_op(R, 10000, fun link_unlink/1)},
        {death_propagation, per_op(R, 1000, fun death_propagation/1)},
        {ping_pong, per_op(R, 10000, fun ping_pong/1)},
        {suspend_resume, per_op(R, 10000, fun suspend_resume/1)},
        {live_sleepers_10000, live_sleepers(10000)},
        {live_sleepers_100000, live_sleepers(100000)},
        {live_sleepers_1000000, live_sleepers(1000000)}
    ],
    Body = lists:join(",", [io_lib:format("\"~s\":~s", [Name, json(Fields)])
                            || {Name, Fields} <- Results]),
    io:format("{\"otp\":\"~s\",\"schedulers\":~b,\"workloads\":{~s}}~n",
              [erlang:system_info(otp_release), erlang:system_info(schedulers), Body]).

json(Fields) ->
    ["{", lists:join(",", [io_lib:format("\"~s\":~s", [K, num(V)]) || {K, V} <- Fields]), "}"].
num(V) when is_integer(V) -> integer_to_list(V);
num(V) -> float_to_list(float(V), [{decimals, 6}]).

%% Runs Fun(N) in a fresh process Runs times; Fun returns the nanoseconds it measured.
per_op(Runs, N, Fun) ->
    Times = lists:sort([in_fresh_process(fun() -> Fun(N) end) || _ <- lists:seq(1, Runs)]),
    Median = lists:nth((Runs + 1) div 2, Times),
    [{us_per_op, Median / N / 1000}, {ops, N}, {runs, Runs}].

in_fresh_process(Fun) ->
    Self = self(),
    {Pid, Ref} = spawn_opt(fun() -> Self ! {self(), Fun()} end, [monitor | ?OPTS]),
    receive {Pid, Result} -> receive {'DOWN', Ref, _, _, _} -> Result end end.

now_ns() -> erlang:monotonic_time(nanosecond).

%% The last child is monitored; on one scheduler the run queue is FIFO, so when it is
%% down every earlier child has run and exited too.
spawn_exit(N) ->
    T0 = now_ns(),
    spawn_n(N - 1, []),
    {_, Ref} = spawn_opt(fun() -> ok end, [monitor | ?OPTS]),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    now_ns() - T0.

spawn_n(0, _) -> ok;
spawn_n(K, Opts) -> spawn_opt(fun() -> ok end, Opts ++ ?OPTS), spawn_n(K - 1, Opts).

%% spawn_link, child exits normally: no trap_exit, so a normal exit notifies nobody.
spawn_link_normal(N) ->
    T0 = now_ns(),
    spawn_n(N - 1, [link]),
    {_, Ref} = spawn_opt(fun() -> ok end, [link, monitor | ?OPTS]),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    now_ns() - T0.

%% spawn_link, child fails, parent notified: trap_exit, one 'EXIT' message received per
%% child before the next spawn.
spawn_link_failure(N) ->
    process_flag(trap_exit, true),
    T0 = now_ns(),
    fail_loop(N),
    now_ns() - T0.

fail_loop(0) -> ok;
fail_loop(K) ->
    Pid = spawn_opt(fun() -> exit(boom) end, [link | ?OPTS]),
    receive {'EXIT', Pid, boom} -> ok end,
    fail_loop(K - 1).

%% link + unlink pairs with a live process; a final round trip makes sure the other
%% side has handled every link signal inside the timed region.
link_unlink(N) ->
    Other = spawn_opt(fun echo/0, ?OPTS),
    T0 = now_ns(),
    link_loop(N, Other),
    Other ! {self(), sync},
    receive sync -> ok end,
    T = now_ns() - T0,
    exit(Other, kill),
    T.

link_loop(0, _) -> ok;
link_loop(K, Other) -> link(Other), unlink(Other), link_loop(K - 1, Other).

echo() -> receive {From, Msg} -> From ! Msg, echo() end.

%% A chain of N+1 processes linked one to the next, each waiting in receive (built
%% untimed); the tail is killed and the time until the head is down is measured.
death_propagation(N) ->
    Self = self(),
    {_Head, Ref} = spawn_opt(fun() -> chain(N, Self) end, [monitor | ?OPTS]),
    Tail = receive {tail, P} -> P end,
    T0 = now_ns(),
    exit(Tail, kill),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    now_ns() - T0.

chain(0, Runner) -> Runner ! {tail, self()}, receive never -> ok end;
chain(K, Runner) ->
    spawn_opt(fun() -> chain(K - 1, Runner) end, [link | ?OPTS]),
    receive never -> ok end.

ping_pong(N) ->
    Echo = spawn_opt(fun echo/0, ?OPTS),
    T0 = now_ns(),
    ping_loop(N, Echo),
    T = now_ns() - T0,
    exit(Echo, kill),
    T.

ping_loop(0, _) -> ok;
ping_loop(K, Echo) -> Echo ! {self(), pong}, receive pong -> ping_loop(K - 1, Echo) end.

suspend_resume(N) ->
    T0 = now_ns(),
    yield_loop(N),
    now_ns() - T0.

yield_loop(0) -> ok;
yield_loop(K) -> erlang:yield(), yield_loop(K - 1).

%% K processes waiting in receive: time to spawn them all and have each reach its
%% receive, and the growth of the VM's resident size (/proc/self/statm) and of
%% erlang:memory(total), per process.
live_sleepers(K) ->
    in_fresh_process(fun() ->
        garbage_collect(),
        {Rss0, Total0} = {resident(), erlang:memory(total)},
        T0 = now_ns(),
        Pids = [spawn_opt(fun() -> receive stop -> ok end end, ?OPTS) || _ <- lists:seq(1, K)],
        erlang:yield(),
        wait_all_waiting(Pids),
        T = now_ns() - T0,
        {Rss1, Total1} = {resident(), erlang:memory(total)},
        [exit(P, kill) || P <- Pids],
        [{us_per_op, T / K / 1000}, {ops, K}, {live_processes, K},
         {rss_bytes_per_process, (Rss1 - Rss0) / K},
         {vm_bytes_per_process, (Total1 - Total0) / K}]
    end).

wait_all_waiting([]) -> ok;
wait_all_waiting([P | Rest] = Pids) ->
    case erlang:process_info(P, status) of
        {status, waiting} -> wait_all_waiting(Rest);
        _ -> erlang:yield(), wait_all_waiting(Pids)
    end.

resident() ->
    {ok, Text} = file:read_file("/proc/self/statm"),
    [_, Pages | _] = string:lexemes(binary_to_list(Text), " \n"),
    list_to_integer(Pages) * 4096.
