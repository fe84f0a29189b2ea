// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {
    IOFT,
    SendParam,
    MessagingFee,
    MessagingReceipt,
    OFTReceipt
} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {RateLimiter} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/utils/RateLimiter.sol";

import {TrETH} from "../../../src/hub/TrETH.sol";
import {BackingLedger} from "../../../src/hub/BackingLedger.sol";
import {LocalBridgeHub} from "../../../src/local/LocalBridgeHub.sol";
import {RateBroadcaster} from "../../../src/hub/RateBroadcaster.sol";
import {SpokePool} from "../../../src/spoke/SpokePool.sol";
import {IBackingLedger} from "../../../src/shared/interfaces/IBackingLedger.sol";
import {ISpokePool} from "../../../src/shared/interfaces/ISpokePool.sol";
import {ITrETH} from "../../../src/shared/interfaces/ITrETH.sol";

/// @dev What the handler needs from the test contract that replayed the deploy plan
///      (PlannedSystemBase: the in-flight packets, the DVNs and the oracle's reports live there).
interface ICrossChainHarness {
    function collectSent() external;
    function takePackets(uint32 dstEid, address receiver) external returns (bytes[] memory packets);
    function verifyByBoth(bytes calldata packet) external;
    function execute(bytes calldata packet, uint256 gasLimit) external;
    function deliverTo(uint32 dstEid, address receiver) external;
    function partsOf(bytes calldata packet)
        external
        pure
        returns (bytes memory header, bytes32 payloadHash, Origin memory origin, address receiver, bytes32 guid);
    function messageOf(bytes calldata packet) external pure returns (bytes memory);
    function stake(uint256 validators) external;
    function reportRewards(uint256 amount) external;
    function reportLoss(uint256 amount) external;
}

/// @dev Drives hub + two spokes with bounded random actions: spoke and hub deposits, syncs, LayerZero
///      deliveries (batches in any order, OFT credits, rate pushes, halts), devnet-bridge landings in
///      any order (before or after their message), OFT sends between any two chains, oracle reports,
///      rate broadcasts, halts, reserve covers and time warps. Ghosts track what is in flight; flags
///      record any step that breaks a per-step property (XC-2, XC-4).
contract CrossChainSupplyHandler is Test {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant HUB = 0;

    /// @notice Chain-level wiring, index 0 = hub, 1 = alpha, 2 = beta.
    struct Link {
        uint32 eid;
        address oft;
    }

    /// @notice A batch as the handler saw it leave its spoke.
    struct BatchGhost {
        uint256 spoke;
        uint64 batchId;
        uint256 assets;
        uint256 shares;
        /// Lowest cached rate any of its deposits was priced at.
        uint256 minPricingRate;
        bool landed;
    }

    ICrossChainHarness internal immutable harness;
    TrETH internal immutable trETH;
    BackingLedger internal immutable ledger;
    LocalBridgeHub internal immutable hubBridge;
    RateBroadcaster internal immutable broadcaster;
    uint256 internal immutable batchGas;
    uint256 internal immutable unbackedThreshold;
    uint256 internal immutable maxLossBps;

    Link[3] internal chains;
    SpokePool[3] internal pools;
    address[3] internal receivers;
    address[3] internal actors = [address(0xA11CE), address(0xB0B), address(0xCA7)];

    /// @notice Ghost: trETH sent from chain `src` to chain `dst` and not yet credited.
    uint256[3][3] public inFlight;
    /// @notice Ghost: ETH deposited / escrowed in the spoke bridge / landed on the hub, per spoke.
    uint256[3] public deposited;
    uint256[3] public bridged;
    uint256[3] public landed;
    /// @dev Lowest pricing rate of each spoke's pending (not yet synced) deposits; 0: none.
    uint256[3] internal pendingMinRate;
    BatchGhost[] internal batches;
    mapping(uint32 eid => mapping(uint64 batchId => uint256 indexPlusOne)) internal batchIndex;

    /// @notice XC-2: some batch came later than the ledger's bounds absorb: the hub rate outran its
    ///         lowest pricing rate by more than the spoke fee plus MAX_LATE_DILUTION_BPS, or late
    ///         batches had already diluted the hub to the report period's floor.
    bool public lateBeyondBounds;
    /// @notice XC-2 (per step): a batch backed within the lag bound added unbacked shares that are
    ///         not all owed late debt, or added any while the period's floor still had room.
    bool public unbackedWithinBounds;
    /// @notice XC-2/XC-4: `coverUnbacked` failed other than for having nothing to cover, or took the
    ///         rate under the period's floor.
    bool public coverMisbehaved;
    uint256 public coversPaid;
    /// @notice Batches backed after the hub rate outran their spoke fee (late ones), and those whose
    ///         backing minted new shares (lowered the rate).
    uint256 public lateBatches;
    uint256 public batchesPastFee;
    uint256 public batchesDiluting;
    /// @notice XC-5: a spoke minter who bought at the spoke's fresh rate right before a report held
    ///         more hub value after it than the ETH it paid.
    bool public minterProfited;
    uint256 public minterRounds;
    uint256 public lossReports;
    /// @notice XC-4: a batch operation raised the hub rate by more than rounding in the pool's
    ///         favour, or lowered it other than by backing a late batch down to at most the floor.
    bool public batchMovedRate;
    /// @notice Largest hub rate change seen across one batch operation (wei per 1e18 shares).
    uint256 public maxBatchRateDelta;

    uint256 public batchesBacked;
    uint256 public batchesDeferred;
    uint256 public landingsFirst;
    uint256 public haltsSent;
    uint256 public hubCreditsWaiting;
    uint256 public refusedDeposits;
    uint256 public refusedStakes;
    mapping(bytes4 selector => uint256 count) public calls;

    /// @notice Everything the handler drives, as the test contract deployed it.
    struct Deployment {
        ICrossChainHarness harness;
        TrETH trETH;
        BackingLedger ledger;
        LocalBridgeHub hubBridge;
        RateBroadcaster broadcaster;
        /// The receive gas the spokes enforce on BATCH messages.
        uint256 batchGas;
        uint256 unbackedThreshold;
        /// The checker's largest consensus-layer drop in one report (bps of the beacon balance).
        uint256 maxLossBps;
        Link[3] chains;
        SpokePool[3] pools;
        address[3] receivers;
    }

    constructor(Deployment memory d) {
        harness = d.harness;
        trETH = d.trETH;
        ledger = d.ledger;
        hubBridge = d.hubBridge;
        broadcaster = d.broadcaster;
        batchGas = d.batchGas;
        unbackedThreshold = d.unbackedThreshold;
        maxLossBps = d.maxLossBps;
        for (uint256 i; i < 3; ++i) {
            chains[i] = d.chains[i];
            pools[i] = d.pools[i];
            receivers[i] = d.receivers[i];
        }
    }

    /// @dev Counts the call, and hands the harness every packet it sent: each call is a transaction
    ///      of its own, so its logs are recorded here and collected before it returns.
    modifier counted() {
        calls[msg.sig]++;
        vm.recordLogs();
        _;
        harness.collectSent();
    }

    receive() external payable {}

    // ---------------------------------------------------------------- deposits

    /// @dev A spoke deposit; one the pool refuses (paused, stale rate, caps) must be refused with
    ///      exactly the error its own quote gives.
    function depositSpoke(uint256 actorSeed, uint256 spokeSeed, uint256 amount) external counted {
        _depositSpoke(actors[actorSeed % 3], _spoke(spokeSeed), bound(amount, 0.01 ether, 50 ether));
    }

    /// @dev Returns the shares minted (0 when the pool refused the deposit).
    function _depositSpoke(address actor, uint256 s, uint256 amount) internal returns (uint256 shares) {
        SpokePool pool = pools[s];
        vm.deal(actor, actor.balance + amount);

        try pool.quoteDeposit(amount) returns (uint256 quoted, uint256) {
            uint256 rate = pool.rate();
            vm.prank(actor);
            shares = pool.deposit{value: amount}(actor, quoted);
            assertEq(shares, quoted, "deposit != quote");
            deposited[s] += amount;
            if (pendingMinRate[s] == 0 || rate < pendingMinRate[s]) pendingMinRate[s] = rate;
        } catch (bytes memory reason) {
            refusedDeposits++;
            vm.expectRevert(reason);
            vm.prank(actor);
            pool.deposit{value: amount}(actor, 0);
        }
    }

    /// @dev The adversarial minter: knows a rewards report is coming (beacon state is public), takes
    ///      the spoke's freshest rate, mints just before the report and values its shares at the hub
    ///      rate right after. The spoke fee must exceed the largest move one report can make.
    function mintBeforeReport(uint256 actorSeed, uint256 spokeSeed, uint256 amount, uint256 rewards)
        external
        counted
    {
        this.broadcast(spokeSeed);
        this.deliverRates(spokeSeed);
        amount = bound(amount, 0.01 ether, 50 ether);
        uint256 shares = _depositSpoke(actors[actorSeed % 3], _spoke(spokeSeed), amount);
        harness.reportRewards(bound(rewards, 0, trETH.totalPooledEther() * 30 / BPS));
        if (shares == 0) return;
        minterRounds++;
        if (shares * trETH.getRate() / 1e18 > amount) minterProfited = true;
    }

    /// @dev A batch whose message arrives late, on purpose: a deposit at the spoke's freshest rate is
    ///      synced, then the hub reports one to six times, a day or more apart (rewards, none, or a
    ///      loss that uses up the deferred shares), before the executor delivers the batch.
    function lateBatch(uint256 actorSeed, uint256 spokeSeed, uint256 amount, uint256 seed) external counted {
        this.broadcast(spokeSeed);
        this.deliverRates(spokeSeed);
        _depositSpoke(actors[actorSeed % 3], _spoke(spokeSeed), bound(amount, 1 ether, 50 ether));
        this.sync(spokeSeed);
        uint256 reports = 1 + seed % 6;
        for (uint256 i; i < reports; ++i) {
            vm.warp(block.timestamp + 1 days + (seed >> (8 * i)) % 3 days);
            this.report(seed >> (8 * i + 4), seed);
        }
        this.deliverBatches(seed);
        lateBatches++;
    }

    function depositHub(uint256 actorSeed, uint256 amount) external counted {
        address actor = actors[actorSeed % 3];
        amount = bound(amount, 0.01 ether, 100 ether);
        vm.deal(actor, actor.balance + amount);
        vm.startPrank(actor);
        trETH.depositETH{value: amount}(actor, 0);
        trETH.approve(chains[HUB].oft, type(uint256).max);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- batches

    function sync(uint256 spokeSeed) external counted {
        uint256 s = _spoke(spokeSeed);
        SpokePool pool = pools[s];
        (uint256 shares, uint256 assets) = pool.pending();
        if (shares == 0) {
            vm.expectRevert(ISpokePool.SpokePool_NothingToSync.selector);
            pool.sync();
            return;
        }
        uint256 fee = pool.quoteSync();
        vm.deal(address(this), address(this).balance + fee);
        uint64 batchId = pool.sync{value: fee}();

        batches.push(BatchGhost(s, batchId, assets, shares, pendingMinRate[s], false));
        batchIndex[chains[s].eid][batchId] = batches.length;
        bridged[s] += assets;
        pendingMinRate[s] = 0;
    }

    /// @dev Executes every in-flight BATCH packet for the ledger with the enforced gas, as an
    ///      executor does, in an order picked by `orderSeed` (LayerZero lets verified packets run
    ///      out of order).
    function deliverBatches(uint256 orderSeed) external counted {
        bytes[] memory packets = harness.takePackets(chains[HUB].eid, address(ledger));
        uint256 n = packets.length;
        if (n == 0) return;
        for (uint256 i; i < n; ++i) {
            harness.verifyByBoth(packets[i]);
        }
        // A seeded Fisher-Yates shuffle of the execution order.
        uint256[] memory order = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            order[i] = i;
        }
        for (uint256 i = n - 1; i > 0; --i) {
            uint256 j = uint256(keccak256(abi.encode(orderSeed, i))) % (i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        for (uint256 i; i < n; ++i) {
            _executeBatch(packets[order[i]]);
        }
    }

    function _executeBatch(bytes memory packet) internal {
        (,, Origin memory origin,,) = harness.partsOf(packet);
        (, uint64 batchId,,,) = abi.decode(harness.messageOf(packet), (uint8, uint64, uint256, uint256, uint256));
        BatchGhost storage g = batches[batchIndex[origin.srcEid][batchId] - 1];

        (uint256 rate, uint256 notOwed, uint256 lateOwed) = _beforeBatchOp(g);
        harness.execute(packet, batchGas);
        bool deferred = ledger.batch(origin.srcEid, batchId).status == IBackingLedger.BatchStatus.Deferred;
        if (deferred) batchesDeferred++;
        _afterBatchOp(g, rate, notOwed, lateOwed, !deferred);
    }

    /// @dev The relayer lands a bridged batch's exact ETH, in any order, possibly before its message.
    function land(uint256 seed) external counted {
        uint256 n = batches.length;
        if (n == 0) return;
        uint256 start = seed % n;
        for (uint256 k; k < n; ++k) {
            BatchGhost storage g = batches[(start + k) % n];
            if (g.landed) continue;
            uint32 eid = chains[g.spoke].eid;
            IBackingLedger.BatchStatus before = ledger.batch(eid, g.batchId).status;
            if (before == IBackingLedger.BatchStatus.Unknown) landingsFirst++;

            (uint256 rate, uint256 notOwed, uint256 lateOwed) = _beforeBatchOp(g);
            vm.prank(hubBridge.relayer());
            hubBridge.deliver(eid, g.batchId, g.assets);
            g.landed = true;
            landed[g.spoke] += g.assets;
            // Only a deferred batch is backed by its landing.
            _afterBatchOp(g, rate, notOwed, lateOwed, before == IBackingLedger.BatchStatus.Deferred);
            return;
        }
    }

    /// @dev The hub rate, the spoke's owed late debt and the rest of its unbacked shares.
    function _beforeBatchOp(BatchGhost storage g)
        internal
        view
        returns (uint256 rate, uint256 notOwed, uint256 lateOwed)
    {
        rate = trETH.getRate();
        IBackingLedger.Spoke memory sp = ledger.spoke(chains[g.spoke].eid);
        return (rate, sp.unbackedShares - sp.lateOwedShares, sp.lateOwedShares);
    }

    /// @dev XC-4 on every batch operation; XC-2 on the one that backs the batch. `getRate` truncates,
    ///      so the lateness tests use the truncated rate plus one wei (they can only flag more often).
    function _afterBatchOp(
        BatchGhost storage g,
        uint256 rateBefore,
        uint256 notOwedBefore,
        uint256 lateOwedBefore,
        bool backedNow
    ) internal {
        uint256 rate = trETH.getRate();
        (uint256 floorTime, uint256 floor) = ledger.lateDilutionFloor();
        bool floorThisPeriod = floorTime == trETH.lastReportTime();
        if (rate > rateBefore + 1) batchMovedRate = true;
        if (rate < rateBefore) {
            batchesDiluting++;
            if (!backedNow || !floorThisPeriod || rate < floor) batchMovedRate = true;
        }
        uint256 delta = rate > rateBefore ? rate - rateBefore : rateBefore - rate;
        if (delta > maxBatchRateDelta) maxBatchRateDelta = delta;
        if (!backedNow) return;
        batchesBacked++;
        _checkBacking(g, rate, floorThisPeriod && rate <= floor + floor / 1e12, notOwedBefore, lateOwedBefore);
    }

    /// @dev XC-2 on a batch's backing: within the lag bound only the period's floor may leave it
    ///      short, and all it leaves is owed late debt.
    function _checkBacking(BatchGhost storage g, uint256 rate, bool atFloor, uint256 notOwedBefore, uint256 lateOwedBefore)
        internal
    {
        uint256 fee = pools[g.spoke].feeBps();
        if ((rate + 1) * (BPS - fee) > g.minPricingRate * BPS) batchesPastFee++;
        if ((rate + 1) * (BPS - fee) > g.minPricingRate * (BPS + ledger.MAX_LATE_DILUTION_BPS())) {
            lateBeyondBounds = true;
            return;
        }
        IBackingLedger.Spoke memory sp = ledger.spoke(chains[g.spoke].eid);
        if (sp.unbackedShares - sp.lateOwedShares != notOwedBefore || (sp.lateOwedShares > lateOwedBefore && !atFloor)) {
            unbackedWithinBounds = true;
        }
    }

    // ---------------------------------------------------------------- other LayerZero deliveries

    /// @dev Credits every in-flight OFT packet to chain `dstSeed % 3`. A credit on the hub is paid
    ///      out of the lockbox, which holds only backed shares: spoke-minted trETH whose batch is
    ///      not backed yet cannot be redeemed there, and its packet waits (retriable at the
    ///      endpoint, as an executor would retry it) until the lockbox can pay.
    function deliverOft(uint256 dstSeed) external counted {
        uint256 dst = dstSeed % 3;
        if (dst == HUB && trETH.balanceOf(chains[HUB].oft) < inFlight[1][0] + inFlight[2][0]) {
            hubCreditsWaiting++;
            return;
        }
        harness.deliverTo(chains[dst].eid, chains[dst].oft);
        for (uint256 src; src < 3; ++src) {
            inFlight[src][dst] = 0;
        }
    }

    function broadcast(uint256 spokeSeed) external counted {
        uint32 eid = chains[_spoke(spokeSeed)].eid;
        MessagingFee memory fee = broadcaster.quoteBroadcast(eid);
        vm.deal(address(this), address(this).balance + fee.nativeFee);
        broadcaster.broadcast{value: fee.nativeFee}(eid);
    }

    function deliverRates(uint256 spokeSeed) external counted {
        uint256 s = _spoke(spokeSeed);
        harness.deliverTo(chains[s].eid, receivers[s]);
    }

    /// @dev Anyone may halt a spoke over the threshold; below it the ledger refuses.
    function halt(uint256 spokeSeed) external counted {
        uint256 s = _spoke(spokeSeed);
        uint32 eid = chains[s].eid;
        uint256 unbacked = ledger.spoke(eid).unbackedShares;
        if (unbacked <= unbackedThreshold) {
            vm.expectRevert(
                abi.encodeWithSelector(IBackingLedger.BackingLedger_BelowHaltThreshold.selector, unbacked, unbackedThreshold)
            );
            ledger.haltSpoke(eid);
            return;
        }
        uint256 fee = ledger.quoteHalt(eid);
        vm.deal(address(this), address(this).balance + fee);
        ledger.haltSpoke{value: fee}(eid);
        haltsSent++;
    }

    function deliverHalts(uint256 spokeSeed) external counted {
        uint256 s = _spoke(spokeSeed);
        harness.deliverTo(chains[s].eid, address(pools[s]));
    }

    /// @dev Permissionless: the reserve, and for owed late debt the next periods' floors, pay down a
    ///      spoke's unbacked shares. It may only fail for having nothing it can cover, and never takes
    ///      the rate under the period's floor.
    function cover(uint256 spokeSeed) external counted {
        uint32 eid = chains[_spoke(spokeSeed)].eid;
        if (ledger.spoke(eid).unbackedShares == 0) return;
        uint256 rateBefore = trETH.getRate();
        try ledger.coverUnbacked(eid) {
            coversPaid++;
            uint256 rate = trETH.getRate();
            (uint256 floorTime, uint256 floor) = ledger.lateDilutionFloor();
            if (rate > rateBefore + 1 || (rate < rateBefore && (floorTime != trETH.lastReportTime() || rate < floor))) {
                coverMisbehaved = true;
            }
        } catch (bytes memory reason) {
            if (bytes4(reason) != IBackingLedger.BackingLedger_ZeroAmount.selector) coverMisbehaved = true;
        }
    }

    // ---------------------------------------------------------------- OFT sends

    /// @dev Sends trETH between any two chains, within the sender's balance and the outbound limit,
    ///      in whole units of the OFT's shared decimals (so nothing is lost to dust removal).
    function sendOft(uint256 actorSeed, uint256 srcSeed, uint256 dstOffset, uint256 amount) external counted {
        address actor = actors[actorSeed % 3];
        uint256 src = srcSeed % 3;
        uint256 dst = (src + 1 + dstOffset % 2) % 3;
        address oft = chains[src].oft;
        uint256 balance = IERC20(src == HUB ? address(trETH) : oft).balanceOf(actor);
        (, uint256 canSend) = RateLimiter(oft).getAmountCanBeSent(chains[dst].eid);
        uint256 max = balance < canSend ? balance : canSend;
        amount = bound(amount, 0, max);
        amount -= amount % 1e12;
        if (amount == 0) return;

        SendParam memory param =
            SendParam(chains[dst].eid, bytes32(uint256(uint160(actor))), amount, amount, "", "", "");
        MessagingFee memory fee = IOFT(oft).quoteSend(param, false);
        vm.deal(actor, actor.balance + fee.nativeFee);
        // An actor may hold hub trETH only from an OFT credit, never having approved the lockbox.
        if (src == HUB) {
            vm.prank(actor);
            trETH.approve(oft, amount);
        }
        vm.prank(actor);
        (, OFTReceipt memory receipt) = IOFT(oft).send{value: fee.nativeFee}(param, fee, actor);
        assertEq(receipt.amountSentLD, amount);
        inFlight[src][dst] += receipt.amountReceivedLD;
    }

    // ---------------------------------------------------------------- hub rate and time

    /// @dev An oracle report: a third of the time no rewards (the rate holds, the report time
    ///      refreshes), a third up to +0.3% of pooled ETH (beyond what the checker counts in one
    ///      report: the rest waits in the vault for later ones), a third a consensus-layer loss (a
    ///      slashing) of up to the checker's per-report limit (5% of the beacon balance).
    function report(uint256 seed, uint256 amount) external counted {
        if (seed % 3 == 2) {
            lossReports++;
            (,,, uint256 beaconBalance) = trETH.beaconStats();
            harness.reportLoss(bound(amount, 0, beaconBalance * maxLossBps / BPS));
            return;
        }
        amount = seed % 3 == 0 ? 0 : bound(amount, 0, trETH.totalPooledEther() * 30 / BPS);
        harness.reportRewards(amount);
    }

    /// @dev The keeper stakes buffered ETH. The checker bounds a report's rewards by a yearly rate on
    ///      the beacon balance, so only a staked pool's rate can outrun the spoke fee (XC-2's shortfalls).
    ///      Refused when the buffer holds under 32 ETH free, or the operators have no keys left.
    function stake(uint256 validators) external counted {
        try harness.stake(bound(validators, 1, 16)) {}
        catch (bytes memory reason) {
            bytes4 refusal = bytes4(reason);
            assertTrue(
                refusal == ITrETH.TrETH_NotEnoughBuffered.selector || refusal == ITrETH.TrETH_NoKeysAvailable.selector,
                "stake refused"
            );
            refusedStakes++;
        }
    }

    /// @dev Up to 3 days: the plan's 10%/yr bound needs days of rewards for the hub rate to outrun
    ///      the spoke fee between a deposit's pricing and its batch's backing (spoke rates go stale
    ///      after a day, and deposits are refused until a broadcast lands).
    function warp(uint256 secs) external counted {
        vm.warp(block.timestamp + bound(secs, 1, 10 days));
    }

    // ---------------------------------------------------------------- views for the invariants

    function _spoke(uint256 seed) internal pure returns (uint256) {
        return 1 + seed % 2;
    }

    function batchCount() external view returns (uint256) {
        return batches.length;
    }

    function batchAt(uint256 i) external view returns (BatchGhost memory) {
        return batches[i];
    }

    /// @notice Shares of batches that left their spoke and are not backed yet: message not executed
    ///         (Unknown, or Landed first) or over the cap (Deferred).
    function sentNotBacked() external view returns (uint256 shares) {
        for (uint256 i; i < batches.length; ++i) {
            BatchGhost storage g = batches[i];
            IBackingLedger.BatchStatus st = ledger.batch(chains[g.spoke].eid, g.batchId).status;
            if (
                st == IBackingLedger.BatchStatus.Unknown || st == IBackingLedger.BatchStatus.Landed
                    || st == IBackingLedger.BatchStatus.Deferred
            ) shares += g.shares;
        }
    }

    function inFlightFromHub() external view returns (uint256) {
        return inFlight[0][1] + inFlight[0][2];
    }

    function inFlightFromSpokes() external view returns (uint256) {
        return inFlight[1][0] + inFlight[2][0] + inFlight[1][2] + inFlight[2][1];
    }

    function totalLanded() external view returns (uint256) {
        return landed[1] + landed[2];
    }
}
