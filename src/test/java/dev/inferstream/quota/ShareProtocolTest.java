package dev.inferstream.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.inferstream.topology.ApiCapacity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The share protocol with simulated members, a simulated single-partition log and simulated time: clocks
 * that differ, reports that arrive late or never, readers that lag, loops that stall, partitions that move
 * (revoked before they are assigned, as Kafka's cooperative rebalancing does), members that join, leave
 * and crash. Whatever happens, the shares in force at any moment sum to at most the quota; and once things
 * are quiet, busy members use it.
 */
class ShareProtocolTest {

    private static final int PARTITIONS = 6;
    private static final double QUOTA = 300;
    private static final int MAX_IN_FLIGHT = 256;
    private static final long STEP = 10;
    private static final ShareTiming TIMING = ShareTiming.defaults();

    private long now;
    private long sequence;
    private final List<Appended> log = new ArrayList<>();
    private final PriorityQueue<Delivery> pending = new PriorityQueue<>(
            Comparator.comparingLong(Delivery::at).thenComparingLong(Delivery::sequence));
    private final List<Member> members = new ArrayList<>();

    private record Delivery(long at, long sequence, ShareReport report) {
    }

    private record Appended(long at, ShareReport report) {
    }

    /** How a member's reports and reads travel. */
    private record Network(double lateShare, double lostShare, double lagShare, double stallShare) {
        static final Network PERFECT = new Network(0, 0, 0, 0);
        static final Network HOSTILE = new Network(0.08, 0.02, 0.05, 0.01);
    }

    private final class Member {
        final String id;
        final long clockOffset;
        final OwnedPartitions owned;
        final ShareMember share;
        final Random random;
        final Network network;
        ShareSchedule schedule;
        long nextLoop;
        long lastDelivery;
        int read;
        long calls;
        long refusals;
        boolean busy;
        boolean alive = true;

        Member(String id, long clockOffset, Network network, Random random) {
            this.id = id;
            this.clockOffset = clockOffset;
            this.network = network;
            this.random = random;
            this.owned = new OwnedPartitions(this::localNow);
            this.share = new ShareMember(id, TIMING, PARTITIONS, QUOTA, MAX_IN_FLIGHT, owned);
            this.schedule = share.schedule(localNow());
            this.nextLoop = now;
        }

        long localNow() {
            return now + clockOffset;
        }

        double shareNow() {
            return alive ? schedule.at(localNow()) : 0;
        }

        /** One pass of the quota thread: report if a new slot began, read what has arrived, reschedule. */
        void loop() {
            if (share.reportDue(localNow())) {
                ShareReport report = share.report(localNow(), usage());
                double draw = random.nextDouble();
                if (draw >= network.lostShare()) {
                    long delay = draw < network.lostShare() + network.lateShare() ? 300 + random.nextInt(3_000)
                            : random.nextInt(40);
                    // One producer's records reach the partition in the order it sent them.
                    lastDelivery = Math.max(lastDelivery, now + delay);
                    pending.add(new Delivery(lastDelivery, sequence++, report));
                }
                schedule = share.schedule(localNow());
            }
            long lag = random.nextDouble() < network.lagShare() ? random.nextInt(3_000) : random.nextInt(30);
            while (read < log.size() && log.get(read).at() <= now - lag) {
                share.read(log.get(read++).report());
            }
            schedule = share.schedule(localNow());
            boolean stall = random.nextDouble() < network.stallShare();
            nextLoop = now + (stall ? 2_000 + random.nextInt(2_000) : 10 + random.nextInt(90));
        }

        private ApiCapacity.Usage usage() {
            // A busy member is refused calls; a quiet one makes a few.
            if (busy) {
                refusals++;
                calls += (long) (QUOTA * schedule.at(localNow()));
            } else {
                calls += random.nextInt(5);
            }
            return new ApiCapacity.Usage(calls, refusals, 0);
        }
    }

    private Member join(String id, long clockOffset, Network network, long seed) {
        Member member = new Member(id, clockOffset, network, new Random(seed));
        members.add(member);
        return member;
    }

    /** Advances time to {@code until}, checking the sum of shares in force at every step. */
    private double run(long until, List<Double> sums) {
        double highest = 0;
        while (now < until) {
            now += STEP;
            while (!pending.isEmpty() && pending.peek().at() <= now) {
                log.add(new Appended(now, pending.poll().report()));
            }
            for (Member member : members) {
                if (member.alive && member.nextLoop <= now) {
                    member.loop();
                }
            }
            double sum = members.stream().mapToDouble(Member::shareNow).sum();
            highest = Math.max(highest, sum);
            sums.add(sum);
        }
        return highest;
    }

    private static void giveAll(Member member, int... partitions) {
        for (int partition : partitions) {
            member.owned.acquired(partition);
        }
    }

    @Test
    void givenRebalancesCrashesLateReportsLaggingReadersAndSkewedClocks_sharesInForceNeverSumAboveTheQuota() {
        Random chaos = new Random(20261127);
        for (int round = 0; round < 4; round++) {
            members.clear();
            log.clear();
            pending.clear();
            now = 1_000_000L * (round + 1) + chaos.nextInt(1_000);
            List<Member> running = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Member member = join("m" + round + "-" + i, chaos.nextInt(241) - 120, Network.HOSTILE,
                        chaos.nextLong());
                giveAll(member, 2 * i, 2 * i + 1);
                member.busy = chaos.nextBoolean();
                running.add(member);
            }
            List<Double> sums = new ArrayList<>();
            double highest = 0;
            long end = now + 240_000;
            int joined = 3;
            while (now < end) {
                highest = Math.max(highest, run(now + 500 + chaos.nextInt(4_000), sums));
                double event = chaos.nextDouble();
                if (event < 0.5) {
                    movePartition(chaos, running, sums);
                } else if (event < 0.7) {
                    Member member = running.get(chaos.nextInt(running.size()));
                    member.busy = !member.busy;
                } else if (event < 0.8 && running.size() > 1) {
                    // A crash: the partitions stay registered in the dead process, and move only after a
                    // session timeout, to a survivor.
                    Member victim = running.remove(chaos.nextInt(running.size()));
                    victim.alive = false;
                    highest = Math.max(highest, run(now + 6_000, sums));
                    for (int partition : victim.owned.owned()) {
                        running.get(chaos.nextInt(running.size())).owned.acquired(partition);
                    }
                } else if (event < 0.9) {
                    Member newcomer = join("m" + round + "-" + joined++, chaos.nextInt(241) - 120, Network.HOSTILE,
                            chaos.nextLong());
                    newcomer.busy = true;
                    running.add(newcomer);
                } else if (running.size() > 1) {
                    // A clean leave: its tasks close, then each goes to another member after a rebalance.
                    Member leaving = running.remove(chaos.nextInt(running.size()));
                    List<Integer> partitions = List.copyOf(leaving.owned.owned());
                    partitions.forEach(leaving.owned::released);
                    leaving.alive = false;
                    highest = Math.max(highest, run(now + chaos.nextInt(2_000), sums));
                    for (int partition : partitions) {
                        running.get(chaos.nextInt(running.size())).owned.acquired(partition);
                    }
                }
            }
            assertThat(highest).as("round %d: highest sum of shares in force over %d steps", round, sums.size())
                    .isLessThanOrEqualTo(1.0);
            // Not vacuous: the members do use the quota meanwhile (about half are busy at any time).
            assertThat(sums.stream().mapToDouble(Double::doubleValue).average().orElse(0))
                    .as("round %d: mean sum of shares", round).isGreaterThan(0.3);
        }
    }

    /** Revoked from its owner first; given to another member after the rebalance (up to 3 s later). */
    private void movePartition(Random chaos, List<Member> running, List<Double> sums) {
        List<Member> owners = running.stream().filter(m -> !m.owned.owned().isEmpty()).toList();
        if (owners.isEmpty() || running.size() < 2) {
            return;
        }
        Member from = owners.get(chaos.nextInt(owners.size()));
        int partition = List.copyOf(from.owned.owned()).get(chaos.nextInt(from.owned.owned().size()));
        from.owned.released(partition);
        run(now + STEP + chaos.nextInt(3_000), sums);
        Member to = running.get(chaos.nextInt(running.size()));
        to.owned.acquired(partition);
    }

    @Test
    void givenThreeBusyMembers_eachGetsAThird_andTogetherTheyUseTheQuota() {
        now = 5_000_000;
        for (int i = 0; i < 3; i++) {
            Member member = join("busy-" + i, 40L * i - 40, Network.PERFECT, i);
            giveAll(member, 2 * i, 2 * i + 1);
            member.busy = true;
        }
        List<Double> sums = new ArrayList<>();
        run(now + 5_000, sums);
        for (Member member : members) {
            assertThat(member.shareNow()).as(member.id).isCloseTo(1.0 / 3, offset(0.001));
        }
    }

    @Test
    void givenOneBusyMemberAndTwoQuietOnes_theBusyOneGetsWhatTheQuietOnesLeave() {
        now = 7_000_000;
        for (int i = 0; i < 3; i++) {
            Member member = join("skew-" + i, 0, Network.PERFECT, i);
            giveAll(member, 2 * i, 2 * i + 1);
            member.busy = i == 0;
        }
        List<Double> sums = new ArrayList<>();
        run(now + 6_000, sums);
        assertThat(members.get(0).shareNow()).as("the busy member").isGreaterThan(0.95);
        assertThat(sums.get(sums.size() - 1)).isLessThanOrEqualTo(1.0);
    }

    @Test
    void givenAMemberWhoseReportsNeverArrive_itFallsBackToItsOwnPartitions_andTheOthersLeaveThemAlone() {
        now = 9_000_000;
        Network mute = new Network(0, 1, 0, 0);
        Member silent = join("silent", 0, mute, 1);
        giveAll(silent, 0, 1);
        silent.busy = true;
        for (int i = 1; i < 3; i++) {
            Member member = join("busy-" + i, 0, Network.PERFECT, i);
            giveAll(member, 2 * i, 2 * i + 1);
            member.busy = true;
        }
        List<Double> sums = new ArrayList<>();
        run(now + 8_000, sums);
        assertThat(silent.schedule.sourceAt(silent.localNow())).isEqualTo(ShareValue.Source.NOT_IN_VIEW);
        assertThat(silent.shareNow()).as("its two settled partitions of six").isCloseTo(1.0 / 3,
                offset(0.001));
        assertThat(members.get(1).shareNow() + members.get(2).shareNow()).isCloseTo(2.0 / 3,
                offset(0.001));
    }

    @Test
    void givenALoopThatStops_itsScheduleRunsOut_andItsShareBecomesZero() {
        now = 11_000_000;
        Member member = join("stuck", 0, Network.PERFECT, 3);
        giveAll(member, 0, 1, 2, 3, 4, 5);
        member.busy = true;
        run(now + 5_000, new ArrayList<>());
        assertThat(member.shareNow()).isGreaterThan(0.99);

        member.nextLoop = Long.MAX_VALUE;
        run(now + 3_000, new ArrayList<>());

        assertThat(member.shareNow()).isZero();
    }
}
