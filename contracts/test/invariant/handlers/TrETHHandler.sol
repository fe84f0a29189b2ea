// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {TrETH} from "../../../src/hub/TrETH.sol";
import {WETH9} from "../../../src/local/WETH9.sol";
import {OracleReport} from "../../../src/shared/types/OracleReport.sol";
import {WithdrawalQueue} from "../../../src/hub/WithdrawalQueue.sol";

/// @dev Drives the pool with bounded random actions and records, in ghost flags, any step that
///      breaks a per-step property (the invariant contract asserts the flags and global state).
contract TrETHHandler is Test {
    TrETH internal immutable trETH;
    WETH9 internal immutable weth;
    WithdrawalQueue internal immutable queue;
    address internal immutable oracle;
    address internal immutable keeper;
    address internal immutable treasury;
    address[] internal feeHolders;
    address[3] internal actors = [address(0xA11CE), address(0xB0B), address(0xCA7)];
    uint64 internal refSlot = 1000;
    /// @dev Reports are a year of 12 s slots apart, so the real checker's annual bound (100%/yr at
    ///      HubFixture's widest limits) admits the +1% and -2% moves below.
    uint64 internal constant REPORT_SLOTS = 365 days / 12;
    uint256[] internal requestIds;

    /// @notice Ghost: ETH credited in transit minus settled and written off.
    uint256 public ghostInTransit;
    /// @notice Ghost: ETH the handler, acting as the BackingLedger, paid into the pool.
    uint256 public ghostLedgerPaid;
    bool public rateFellWithoutLoss;
    bool public freeMint;
    bool public feeOverBound;
    /// @notice A report moved the rate up by more than min(checker limit, instant-exit fee).
    bool public rateJumped;
    /// @notice An actor who deposited right before a report and left right after beat a passive holder.
    bool public jitBeatPassive;
    uint256 public jitRounds;
    uint256 public deferringReports;
    uint256 public reports;
    uint256 public lossReports;
    uint256 public uncoveredWriteOffs;
    mapping(bytes4 selector => uint256 calls) public calls;

    constructor(TrETH trETH_, WETH9 weth_, WithdrawalQueue queue_, address oracle_, address keeper_, address[] memory feeHolders_) {
        trETH = trETH_;
        weth = weth_;
        queue = queue_;
        oracle = oracle_;
        keeper = keeper_;
        feeHolders = feeHolders_;
        treasury = feeHolders_[0];
    }

    modifier tracked(bool mayLose) {
        calls[msg.sig]++;
        uint256 rate = trETH.getRate();
        _;
        if (!mayLose && trETH.getRate() < rate) rateFellWithoutLoss = true;
    }

    function depositETH(uint256 actorSeed, uint256 amount) external tracked(false) {
        address actor = actors[actorSeed % 3];
        amount = bound(amount, 1e9, 200 ether);
        vm.deal(actor, actor.balance + amount);
        vm.prank(actor);
        trETH.depositETH{value: amount}(actor, 0);
    }

    function depositWETH(uint256 actorSeed, uint256 amount) external tracked(false) {
        address actor = actors[actorSeed % 3];
        amount = bound(amount, 1e9, 200 ether);
        vm.deal(actor, actor.balance + amount);
        vm.startPrank(actor);
        weth.deposit{value: amount}();
        weth.approve(address(trETH), amount);
        trETH.deposit(amount, actor);
        vm.stopPrank();
    }

    /// @dev Deposit then redeem at once: must never return more than went in.
    function roundTrip(uint256 actorSeed, uint256 amount) external tracked(false) {
        address actor = actors[actorSeed % 3];
        amount = bound(amount, 1e9, 100 ether);
        vm.deal(actor, actor.balance + amount);
        vm.startPrank(actor);
        uint256 shares = trETH.depositETH{value: amount}(actor, 0);
        uint256 maxShares = trETH.maxRedeem(actor);
        uint256 out = trETH.redeem(Math.min(shares, maxShares), actor, actor);
        vm.stopPrank();
        if (out > amount) freeMint = true;
    }

    function redeem(uint256 actorSeed, uint256 shares) external tracked(false) {
        address actor = actors[actorSeed % 3];
        uint256 max = trETH.maxRedeem(actor);
        if (max == 0) return;
        shares = bound(shares, 1, max);
        vm.prank(actor);
        trETH.redeem(shares, actor, actor);
    }

    function withdraw(uint256 actorSeed, uint256 assets) external tracked(false) {
        address actor = actors[actorSeed % 3];
        uint256 max = trETH.maxWithdraw(actor);
        if (max == 0) return;
        assets = bound(assets, 1, max);
        vm.prank(actor);
        trETH.withdraw(assets, actor, actor);
    }

    function requestWithdrawal(uint256 actorSeed, uint256 shares) external tracked(false) {
        address actor = actors[actorSeed % 3];
        uint256 balance = trETH.balanceOf(actor);
        if (balance == 0) return;
        shares = bound(shares, 1, balance);
        // Sizes the queue refuses are skipped: the suite fails on any revert.
        uint256 eth = trETH.previewRedeem(shares);
        if (eth < queue.MIN_WITHDRAWAL() || eth > queue.MAX_WITHDRAWAL()) return;
        vm.startPrank(actor);
        trETH.approve(address(queue), shares);
        requestIds.push(queue.requestWithdrawal(shares, actor));
        vm.stopPrank();
    }

    function claim(uint256 index) external tracked(false) {
        if (requestIds.length == 0) return;
        uint256 id = requestIds[index % requestIds.length];
        if (id > queue.lastFinalizedRequestId() || queue.getRequest(id).claimed) return;
        vm.prank(queue.ownerOf(id));
        queue.claim(id);
    }

    function stake(uint256 count) external tracked(false) {
        uint256 room = trETH.availableLiquidity() / 32 ether;
        if (room == 0 || trETH.REGISTRY().availableKeys() == 0) return;
        vm.prank(keeper);
        trETH.depositBufferedEther(bound(count, 1, room));
    }

    // The handler is the pool's BackingLedger (the invariant suite sets it): spoke-batch hooks.

    function creditInTransit(uint256 assets) external tracked(false) {
        assets = bound(assets, 1, 200 ether);
        trETH.creditBatch(assets);
        ghostInTransit += assets;
    }

    function settleInTransit(uint256 assets) external tracked(false) {
        if (ghostInTransit == 0) return;
        assets = bound(assets, 1, ghostInTransit);
        vm.deal(address(this), address(this).balance + assets);
        trETH.settleBatch{value: assets}(assets);
        ghostInTransit -= assets;
        ghostLedgerPaid += assets;
    }

    function depositBacking(uint256 assets) external tracked(false) {
        assets = bound(assets, 1, 200 ether);
        vm.deal(address(this), address(this).balance + assets);
        trETH.creditBatch{value: assets}(0);
        ghostLedgerPaid += assets;
    }

    /// @dev A batch that landed short. The rate may fall only when the ledger's shares cannot cover
    ///      the missing ETH (that is a loss, like a report's).
    function writeOffInTransit(uint256 assets) external {
        calls[msg.sig]++;
        if (ghostInTransit == 0) return;
        assets = bound(assets, 1, ghostInTransit);
        uint256 rate = trETH.getRate();
        uint256 worth = Math.mulDiv(assets, trETH.totalSupply(), trETH.totalPooledEther(), Math.Rounding.Ceil);
        bool covered = trETH.balanceOf(address(this)) >= worth;
        trETH.settleBatch(assets);
        ghostInTransit -= assets;
        if (covered && trETH.getRate() < rate) rateFellWithoutLoss = true;
        if (!covered) uncoveredWriteOffs++;
    }

    /// @dev A report: some unseen validators appear, the beacon balance moves by up to +1% / -2%
    ///      (a loss only when `loss`), the vault receives skimmed ETH, and requests may finalize.
    function report(uint256 appearSeed, uint256 moveBps, bool loss, uint256 vaultSeed, uint256 finalizeSeed)
        external
    {
        calls[msg.sig]++;
        (OracleReport memory r, uint256 base) = _build(appearSeed, moveBps, loss, vaultSeed, finalizeSeed);
        _apply(r, base);
    }

    function _build(uint256 appearSeed, uint256 moveBps, bool loss, uint256 vaultSeed, uint256 finalizeSeed)
        internal
        returns (OracleReport memory r, uint256 base)
    {
        (uint256 deposited, uint256 seen,, uint256 beacon) = trETH.beaconStats();
        uint256 appeared = bound(appearSeed, 0, deposited - seen);
        base = beacon + appeared * 32 ether;
        uint256 move = base * bound(moveBps, 0, loss ? 200 : 100) / 10_000;
        // Skimmed ETH comes from validators: none without a consensus-layer base.
        uint256 vault = loss || base == 0 ? 0 : bound(vaultSeed, 0, 0.5 ether);
        uint256 upTo = queue.lastRequestId() == 0 ? 0 : bound(finalizeSeed, 0, queue.lastRequestId());
        r = OracleReport(
            refSlot += REPORT_SLOTS, uint64(seen + appeared), 0, uint128(loss ? base - move : base + move), uint128(vault), upTo
        );
    }

    /// @dev The just-in-time attacker: knows the next report (it is public beacon state), deposits
    ///      right before it and exits right after, instantly if the buffer allows, else through the
    ///      queue at the post-report rate. The instant part must not return more ETH than it cost
    ///      (the attacker would take the report's rewards without bearing its risk); the queued
    ///      part must not be worth more than a passive holder's `amount * rateAfter / rateBefore`.
    function jitAroundReport(uint256 amount, uint256 moveBps, uint256 vaultSeed, uint256 finalizeSeed) external {
        calls[msg.sig]++;
        amount = bound(amount, 1 ether, 500 ether);
        address jit = address(0x717);
        vm.deal(jit, amount);
        uint256 rateBefore = trETH.getRate();
        vm.prank(jit);
        uint256 shares = trETH.depositETH{value: amount}(jit, 0);
        (OracleReport memory r, uint256 base) = _build(0, moveBps, false, vaultSeed, finalizeSeed);
        _apply(r, base);
        uint256 rateAfter = trETH.getRate();
        uint256 passive = Math.mulDiv(amount, rateAfter, rateBefore);
        uint256 instant = Math.min(shares, trETH.maxRedeem(jit));
        if (instant > 0) {
            vm.prank(jit);
            uint256 out = trETH.redeem(instant, jit, jit);
            if (out > Math.mulDiv(amount, instant, shares)) jitBeatPassive = true;
        }
        uint256 queued = shares - instant;
        if (queued > 0) {
            // Valued at what the queue would pay at best: the post-report rate (not the rate after
            // the instant part, which its own exit fee raised).
            if (Math.mulDiv(queued, rateAfter, 1e18) > Math.mulDiv(passive, queued, shares)) jitBeatPassive = true;
            vm.prank(jit);
            trETH.transfer(address(0xdead), queued);
        }
        jitRounds++;
    }

    /// @dev A whale queues a large exit and waits: later reports grow the rate while its shares still
    ///      count, and the report that finalizes it must not pass the gap to the rate in one step.
    function whaleExit(uint256 actorSeed) external {
        calls[msg.sig]++;
        address actor = actors[actorSeed % 3];
        uint256 shares = trETH.balanceOf(actor);
        uint256 eth = trETH.convertToAssets(shares);
        if (eth < queue.MIN_WITHDRAWAL()) return;
        if (eth > queue.MAX_WITHDRAWAL()) shares = trETH.convertToShares(queue.MAX_WITHDRAWAL());
        vm.startPrank(actor);
        trETH.approve(address(queue), shares);
        requestIds.push(queue.requestWithdrawal(shares, actor));
        vm.stopPrank();
    }

    function _apply(OracleReport memory r, uint256 base) internal {
        uint256 rate = trETH.getRate();
        uint256 deferredBefore = trETH.deferredShares();
        uint256 pre = trETH.totalPooledEther();
        uint256 supply = trETH.totalSupply();
        uint256 holdersBefore = _feeHoldersShares();
        address vault = address(trETH.WITHDRAWAL_VAULT());
        vm.deal(vault, vault.balance + r.withdrawalVaultBalance);
        vm.warp(block.timestamp + 1 hours);
        vm.prank(oracle);
        trETH.handleOracleReport(r);
        reports++;
        if (trETH.deferredShares() > deferredBefore) deferringReports++;
        uint256 risePpb = Math.min(
            trETH.sanityChecker().limits().maxPositiveRebasePpb, uint256(trETH.instantExitFeeBps()) * 1e5
        );
        // +1: the bound holds on exact pooled/supply; rates read here are rounded down.
        if (trETH.getRate() > Math.mulDiv(rate, 1e9 + risePpb, 1e9) + 1) rateJumped = true;

        uint256 reported = uint256(r.beaconBalance) + r.withdrawalVaultBalance;
        if (reported < base) {
            lossReports++;
            return;
        }
        if (trETH.getRate() < rate) rateFellWithoutLoss = true;
        // The minted fee shares, valued at the post-report pool (before finalization, which burns
        // queued shares), are worth at most feeBps of the rewards.
        uint256 rewards = reported - base;
        (uint16 feeBps,,) = trETH.feeConfig();
        uint256 feeShares = _feeHoldersShares() - holdersBefore;
        if (Math.mulDiv(feeShares, pre + rewards, supply + feeShares) > rewards * feeBps / 10_000) {
            feeOverBound = true;
        }
    }

    function _feeHoldersShares() internal view returns (uint256 shares) {
        for (uint256 i; i < feeHolders.length; ++i) {
            shares += trETH.balanceOf(feeHolders[i]);
        }
    }
}
