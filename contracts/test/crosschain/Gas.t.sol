// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {
    ILayerZeroEndpointV2,
    MessagingFee,
    Origin
} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {SendParam} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {console} from "forge-std/console.sol";
import {PlannedSystemBase} from "./PlannedSystemBase.sol";

// Gas of the LayerZero paths on the deploy plan's system: LayerZero's EndpointV2 and ULN302 with both
// DVNs and the executor priced as the devnet prices them, and the plan's enforced options. setUp
// prepares everything a measured call needs (quotes, verified packets), so each test's measured call
// is its first touch of cold storage, as in a real transaction: a wallet quotes with eth_call, an
// executor executes in its own transaction.

/// @dev Sends: RateBroadcaster.broadcast and OFT sends in both directions.
contract SendGasTest is PlannedSystemBase {
    MessagingFee internal broadcastFee;
    SendParam internal toSpoke;
    MessagingFee internal toSpokeFee;
    SendParam internal toHub;
    MessagingFee internal toHubFee;

    function setUp() public override {
        super.setUp();
        _reportRewards(1 ether);
        broadcastFee = broadcaster.quoteBroadcast(ALPHA_EID);

        // bob has used the token path already, so the lockbox and its nonces are not empty.
        _hubShares(bob, 10 ether);
        _sendTokens(address(adapter), bob, ALPHA_EID, bob, 5 ether);
        _deliverTo(ALPHA_EID, address(alpha.token));

        _hubShares(alice, 10 ether);
        toSpoke = _sendParam(ALPHA_EID, alice, 1 ether);
        toSpokeFee = adapter.quoteSend(toSpoke, false);
        toHub = _sendParam(HUB_EID, bob, 1 ether);
        toHubFee = alpha.token.quoteSend(toHub, false);
    }

    /// @dev The first broadcast to a spoke is the dearest: sequence and path nonce start at zero.
    function test_broadcast_firstToSpoke_succeeds() public {
        broadcaster.broadcast{value: broadcastFee.nativeFee}(ALPHA_EID);
        vm.snapshotGasLastCall("RateBroadcaster", "broadcast");
        assertEq(broadcaster.sequence(), 1);
    }

    function test_send_hubToSpoke_succeeds() public {
        vm.prank(alice);
        adapter.send{value: toSpokeFee.nativeFee}(toSpoke, toSpokeFee, alice);
        vm.snapshotGasLastCall("TrETHAdapter", "send");
        assertEq(trETH.balanceOf(address(adapter)), 6 ether);
    }

    function test_send_spokeToHub_succeeds() public {
        vm.prank(bob);
        alpha.token.send{value: toHubFee.nativeFee}(toHub, toHubFee, bob);
        vm.snapshotGasLastCall("TrETHOFT", "send");
        assertEq(alpha.token.balanceOf(bob), 4 ether);
    }
}

/// @dev Receives, executed as an executor does: both DVNs verify the packet, then EndpointV2.lzReceive
///      runs with exactly the receive gas the sending OApp enforces (which is what the packet carries).
abstract contract ReceiveGasBase is PlannedSystemBase {
    /// @dev Headroom the enforced gas must keep over the measured cost, in percent.
    uint256 internal constant MIN_HEADROOM_PCT = 30;

    /// @dev A packet both DVNs verified, waiting for the executor, and the receive gas its options carry.
    struct Verified {
        bytes packet;
        uint256 carriedGas;
    }

    /// @dev Verifies the one in-flight packet for `receiver` without executing it.
    function _verifyOnly(uint32 dstEid, address receiver) internal returns (Verified memory verified) {
        (bytes[] memory packets, bytes[] memory options) = _takePackets(dstEid, receiver);
        assertEq(packets.length, 1);
        _verifyByBoth(packets[0]);
        verified.packet = packets[0];
        (verified.carriedGas,) = this.executorGasOf(options[0]);
    }

    /// @dev Executes `verified` with the receive gas `oapp` enforces on its `msgType` messages to the
    ///      packet's destination; the executor's call is the last one, for vm.snapshotGasLastCall.
    function _executeAtEnforcedGas(Verified memory verified, address oapp, uint16 msgType)
        internal
        returns (uint256 enforced)
    {
        (enforced,) = _enforcedGas(oapp, this.dstEidOf(verified.packet), msgType);
        assertEq(verified.carriedGas, enforced, "the packet carries the enforced gas");
        _execute(verified.packet, enforced);
    }

    function _assertHeadroom(uint256 used, uint256 enforced, string memory what) internal pure {
        assertLe(
            used * (100 + MIN_HEADROOM_PCT) / 100, enforced, string.concat("enforced ", what, " gas lacks headroom")
        );
    }
}

/// @dev Both packets are the first on their path (every slot goes zero to non-zero on the spoke), the
///      worst case for an enforced gas option.
contract ReceiveGasTest is ReceiveGasBase {
    Verified internal rate;
    Verified internal credit;

    function setUp() public override {
        super.setUp();
        _reportRewards(1 ether);
        _broadcast(alpha);
        rate = _verifyOnly(ALPHA_EID, address(alpha.receiver));

        _hubShares(alice, 10 ether);
        _sendTokens(address(adapter), alice, ALPHA_EID, bob, 1 ether);
        credit = _verifyOnly(ALPHA_EID, address(alpha.token));
    }

    function test_lzReceive_firstRateUnderEnforcedGas_succeeds() public {
        uint256 enforced = _executeAtEnforcedGas(rate, address(broadcaster), broadcaster.MSG_RATE());
        uint256 used = vm.snapshotGasLastCall("RateReceiver", "lzReceive");

        assertEq(alpha.receiver.getRate(), trETH.getRate());
        _assertHeadroom(used, enforced, "rate");
    }

    function test_lzReceive_firstCreditUnderEnforcedGas_succeeds() public {
        uint256 enforced = _executeAtEnforcedGas(credit, address(adapter), OFT_SEND);
        uint256 used = vm.snapshotGasLastCall("TrETHOFT", "lzReceive");

        assertEq(alpha.token.balanceOf(bob), 1 ether);
        _assertHeadroom(used, enforced, "credit");
    }

    /// @dev Why the floor matters: under-gassed, the message fails and stays verified (stuck until
    ///      someone retries it with enough gas); retried with the enforced gas, it lands.
    function test_lzReceive_underGassed_reverts() public {
        Verified memory d = rate;
        (,, Origin memory origin, address receiver, bytes32 guid) = this.partsOf(d.packet);
        bytes memory receive_ =
            abi.encodeCall(ILayerZeroEndpointV2.lzReceive, (origin, receiver, guid, this.messageOf(d.packet), ""));
        (bool ok,) = address(_endpointOf(ALPHA_EID)).call{gas: d.carriedGas / 4}(receive_);
        assertFalse(ok);
        assertEq(alpha.receiver.sequence(), 0);

        _executeAtEnforcedGas(d, address(broadcaster), broadcaster.MSG_RATE());
        assertEq(alpha.receiver.sequence(), 1);
    }
}

/// @dev A later rate that the receiver has to clamp: it also reads the bounds and emits
///      RateClamped, but rewrites a non-zero slot instead of filling an empty one.
contract ReceiveClampedGasTest is ReceiveGasBase {
    Verified internal clamped;

    function setUp() public override {
        super.setUp();
        _reportRewards(1 ether);
        _broadcast(alpha);
        _deliver(alpha);
        // The plan's hub grows far slower than its receivers' bounds let through, so alpha's
        // timelock first tightens its per-update step to 0.01%: one capped report (0.075%) exceeds it.
        (, uint16 maxDecreaseBps, uint16 maxAnnualGrowthBps) = alpha.receiver.bounds();
        _prankOwner(address(alpha.receiver));
        alpha.receiver.setBounds(1, maxDecreaseBps, maxAnnualGrowthBps);
        _raiseRate(1, 4 days);
        _broadcast(alpha);
        clamped = _verifyOnly(ALPHA_EID, address(alpha.receiver));
    }

    function test_lzReceive_clampedRateUnderEnforcedGas_succeeds() public {
        uint256 enforced = _executeAtEnforcedGas(clamped, address(broadcaster), broadcaster.MSG_RATE());
        uint256 used = vm.snapshotGasLastCall("RateReceiver", "lzReceive_clamped");

        assertEq(alpha.receiver.sequence(), 2);
        assertLt(alpha.receiver.getRate(), trETH.getRate(), "not clamped");
        _assertHeadroom(used, enforced, "rate");
    }
}

/// @dev SpokePool.sync: the LayerZero send of the BATCH message plus the ETH handed to the bridge
///      adapter. Its cost does not depend on the amount, so its gas per ETH falls with batch size.
contract SyncGasTest is PlannedSystemBase {
    function setUp() public override {
        super.setUp();
        _broadcast(alpha);
        _deliver(alpha);
        // A first batch already went out: the measured syncs are steady-state ones.
        vm.prank(alice);
        alpha.pool.deposit{value: 1 ether}(alice, 0);
        _sync(alpha);
    }

    function _measureSync(uint256 assets, string memory name) internal returns (uint256 gasUsed) {
        vm.deal(bob, assets);
        vm.prank(bob);
        alpha.pool.deposit{value: assets}(bob, 0);
        uint256 fee = alpha.pool.quoteSync();
        vm.cool(address(alpha.pool));
        vm.cool(address(alpha.bridge));
        alpha.pool.sync{value: fee}();
        gasUsed = vm.snapshotGasLastCall("SpokePool", name);
        assertEq(address(alpha.bridge).balance, 1 ether + assets);
        console.log(name, gasUsed, "gas per ETH:", gasUsed * 1 ether / assets);
    }

    function test_sync_10eth_succeeds() public {
        uint256 used = _measureSync(10 ether, "sync_10eth");
        // Fixed cost: 200k gas at 100 gwei is 0.02 ETH, 0.2% of a 10 ETH batch.
        assertLt(used, 200_000);
    }

    function test_sync_100eth_succeeds() public {
        uint256 used = _measureSync(100 ether, "sync_100eth");
        assertLt(used, 200_000);
    }
}

/// @dev The batch path's receives through the real endpoints at exactly their enforced gas.
abstract contract BatchPathGasBase is ReceiveGasBase {
    Verified internal delivery;

    function setUp() public virtual override {
        super.setUp();
        _broadcast(alpha);
        _deliver(alpha);
    }
}

/// @dev A BATCH from a real SpokePool on the hub's BackingLedger: the first batch ever (every spoke,
///      batch and in-transit slot goes zero to non-zero), the worst case.
contract BatchReceiveGasTest is BatchPathGasBase {
    function setUp() public override {
        super.setUp();
        vm.prank(alice);
        alpha.pool.deposit{value: 10 ether}(alice, 0);
        _sync(alpha);
        delivery = _verifyOnly(HUB_EID, address(ledger));
    }

    function test_lzReceive_batchFromSpokePoolUnderEnforcedGas_succeeds() public {
        uint256 enforced = _executeAtEnforcedGas(delivery, address(alpha.pool), alpha.pool.MSG_BATCH());
        uint256 used = vm.snapshotGasLastCall("BackingLedger", "lzReceive_batch_fromSpokePool");
        console.log("BATCH receive gas", used, "enforced", enforced);

        assertEq(ledger.spoke(ALPHA_EID).lastBatchId, 1);
        assertEq(ledger.spoke(ALPHA_EID).inTransit, 10 ether);
        _assertHeadroom(used, enforced, "batch");
    }
}

/// @dev A HALT from the ledger on the SpokePool: a 1,000 ETH batch priced before six capped hub
///      reports (0.45%, 4.5 times the spoke fee) is short more than one exit fee's dilution of the
///      pool may cover, which leaves alpha over the unbacked threshold, and anyone halts it.
contract HaltReceiveGasTest is BatchPathGasBase {
    function setUp() public override {
        super.setUp();
        vm.prank(bob);
        alpha.pool.deposit{value: 1_000 ether}(bob, 0);
        _raiseRate(6, 4 days);
        _sync(alpha);
        _deliverBatches();
        assertGt(ledger.spoke(ALPHA_EID).unbackedShares, ledger.unbackedThreshold());
        ledger.haltSpoke{value: ledger.quoteHalt(ALPHA_EID)}(ALPHA_EID);
        delivery = _verifyOnly(ALPHA_EID, address(alpha.pool));
    }

    function test_lzReceive_haltFromLedgerUnderEnforcedGas_succeeds() public {
        uint256 enforced = _executeAtEnforcedGas(delivery, address(ledger), ledger.MSG_HALT());
        uint256 used = vm.snapshotGasLastCall("SpokePool", "lzReceive_halt_fromLedger");
        console.log("HALT receive gas", used, "enforced", enforced);

        assertTrue(alpha.pool.paused());
        _assertHeadroom(used, enforced, "halt");
    }
}
