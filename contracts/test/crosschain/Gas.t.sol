// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {
    ILayerZeroEndpointV2,
    MessagingFee,
    Origin
} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {SendParam} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/interfaces/IOFT.sol";
import {console} from "forge-std/console.sol";
import {CrossChainBase} from "./CrossChainBase.sol";

// Gas of the LayerZero paths. setUp prepares everything a measured call needs (quotes, verified
// packets), so each test's measured call is its first touch of cold storage, as in a real
// transaction: a wallet quotes with eth_call, an executor executes in its own transaction.

/// @dev Sends: RateBroadcaster.broadcast and OFT sends in both directions.
contract SendGasTest is CrossChainBase {
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
        verifyPackets(ALPHA_EID, addressToBytes32(address(alpha.token)));

        _hubShares(alice, 10 ether);
        toSpoke = _sendParam(ALPHA_EID, alice, 1 ether);
        toSpokeFee = adapter.quoteSend(toSpoke, false);
        toHub = _sendParam(HUB_EID, bob, 1 ether);
        toHubFee = alpha.token.quoteSend(toHub, false);
    }

    /// @dev The test send library hands every packet to the helper's schedulePacket (about 245k gas
    ///      of storage writes that no chain pays). Stubbed, the snapshot shows the on-chain path.
    function _stubPacketQueue() internal {
        vm.mockCall(address(this), abi.encodeWithSelector(this.schedulePacket.selector), "");
    }

    /// @dev The first broadcast to a spoke is the dearest: sequence and path nonce start at zero.
    function test_broadcast_firstToSpoke_succeeds() public {
        _stubPacketQueue();
        broadcaster.broadcast{value: broadcastFee.nativeFee}(ALPHA_EID);
        vm.snapshotGasLastCall("RateBroadcaster", "broadcast");
        assertEq(broadcaster.sequence(), 1);
    }

    function test_send_hubToSpoke_succeeds() public {
        _stubPacketQueue();
        vm.prank(alice);
        adapter.send{value: toSpokeFee.nativeFee}(toSpoke, toSpokeFee, alice);
        vm.snapshotGasLastCall("TrETHAdapter", "send");
        assertEq(trETH.balanceOf(address(adapter)), 6 ether);
    }

    function test_send_spokeToHub_succeeds() public {
        _stubPacketQueue();
        vm.prank(bob);
        alpha.token.send{value: toHubFee.nativeFee}(toHub, toHubFee, bob);
        vm.snapshotGasLastCall("TrETHOFT", "send");
        assertEq(alpha.token.balanceOf(bob), 4 ether);
    }
}

/// @dev Receives, executed as an executor does: EndpointV2.lzReceive with the enforced gas as its
///      gas limit. Both packets are the first on their path (every slot goes zero to non-zero on the
///      spoke), the worst case for an enforced gas option.
contract ReceiveGasTest is CrossChainBase {
    /// @dev Headroom the enforced gas must keep over the measured cost, in percent.
    uint256 internal constant MIN_HEADROOM_PCT = 30;

    struct Delivery {
        Origin origin;
        address receiver;
        bytes32 guid;
        bytes message;
    }

    Delivery internal rate;
    Delivery internal credit;

    function setUp() public override {
        super.setUp();
        _reportRewards(1 ether);
        _broadcast(alpha);
        rate = _verifyOnly(ALPHA_EID, address(alpha.receiver));

        _hubShares(alice, 10 ether);
        _sendTokens(address(adapter), alice, ALPHA_EID, bob, 1 ether);
        credit = _verifyOnly(ALPHA_EID, address(alpha.token));
    }

    /// @dev Verifies the one in-flight packet for `receiver` without executing it.
    function _verifyOnly(uint32 dstEid, address receiver) internal returns (Delivery memory delivery) {
        (bytes[] memory packetBytes,) = _takePackets(dstEid, receiver);
        assertEq(packetBytes.length, 1);
        this.validatePacket(packetBytes[0], "");
        (delivery.origin, delivery.receiver, delivery.guid, delivery.message) = this.decodePacket(packetBytes[0]);
        assertEq(delivery.receiver, receiver);
    }

    function _execute(Delivery memory d, uint256 gasLimit) internal {
        ILayerZeroEndpointV2(endpoints[ALPHA_EID]).lzReceive{gas: gasLimit}(d.origin, d.receiver, d.guid, d.message, "");
    }

    function test_lzReceive_firstRateUnderEnforcedGas_succeeds() public {
        Delivery memory d = rate;
        _execute(d, RATE_RECEIVE_GAS);
        uint256 used = vm.snapshotGasLastCall("RateReceiver", "lzReceive");

        assertEq(alpha.receiver.getRate(), trETH.getRate());
        assertLe(used * (100 + MIN_HEADROOM_PCT) / 100, RATE_RECEIVE_GAS, "enforced gas lacks headroom");
    }

    function test_lzReceive_firstCreditUnderEnforcedGas_succeeds() public {
        Delivery memory d = credit;
        _execute(d, OFT_RECEIVE_GAS);
        uint256 used = vm.snapshotGasLastCall("TrETHOFT", "lzReceive");

        assertEq(alpha.token.balanceOf(bob), 1 ether);
        assertLe(used * (100 + MIN_HEADROOM_PCT) / 100, OFT_RECEIVE_GAS, "enforced gas lacks headroom");
    }

    /// @dev Why the floor matters: under-gassed, the message fails and stays verified (stuck until
    ///      someone retries it with enough gas); retried with the enforced gas, it lands.
    function test_lzReceive_underGassed_reverts() public {
        Delivery memory d = rate;
        (bool ok,) = endpoints[ALPHA_EID].call{gas: RATE_RECEIVE_GAS / 4}(
            abi.encodeCall(ILayerZeroEndpointV2.lzReceive, (d.origin, d.receiver, d.guid, d.message, ""))
        );
        assertFalse(ok);
        assertEq(alpha.receiver.sequence(), 0);

        _execute(d, RATE_RECEIVE_GAS);
        assertEq(alpha.receiver.sequence(), 1);
    }
}

/// @dev A later rate that the receiver has to clamp: it also reads the bounds and emits
///      RateClamped, but rewrites a non-zero slot instead of filling an empty one.
contract ReceiveClampedGasTest is CrossChainBase {
    uint256 internal constant MIN_HEADROOM_PCT = 30;

    Origin internal origin;
    bytes32 internal guid;
    bytes internal message;

    function setUp() public override {
        super.setUp();
        _reportRewards(1 ether);
        _broadcast(alpha);
        _deliver(alpha);
        // 20% in one report: far over both caps.
        _reportRewards(20 ether);
        _broadcast(alpha);
        (bytes[] memory packetBytes,) = _takePackets(ALPHA_EID, address(alpha.receiver));
        assertEq(packetBytes.length, 1);
        this.validatePacket(packetBytes[0], "");
        (origin,, guid, message) = this.decodePacket(packetBytes[0]);
    }

    function test_lzReceive_clampedRateUnderEnforcedGas_succeeds() public {
        (Origin memory o, bytes32 g, bytes memory m) = (origin, guid, message);
        ILayerZeroEndpointV2(endpoints[ALPHA_EID]).lzReceive{gas: RATE_RECEIVE_GAS}(
            o, address(alpha.receiver), g, m, ""
        );
        uint256 used = vm.snapshotGasLastCall("RateReceiver", "lzReceive_clamped");

        assertEq(alpha.receiver.sequence(), 2);
        assertLt(alpha.receiver.getRate(), trETH.getRate(), "not clamped");
        assertLe(used * (100 + MIN_HEADROOM_PCT) / 100, RATE_RECEIVE_GAS, "enforced gas lacks headroom");
    }
}

/// @dev SpokePool.sync: the LayerZero send of the BATCH message plus the ETH handed to the bridge
///      adapter. Its cost does not depend on the amount, so its gas per ETH falls with batch size.
contract SyncGasTest is CrossChainBase {
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
        // The test send library's packet queue is no chain's cost (see SendGasTest).
        vm.mockCall(address(this), abi.encodeWithSelector(this.schedulePacket.selector), "");
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
abstract contract BatchPathGasBase is CrossChainBase {
    uint256 internal constant MIN_HEADROOM_PCT = 30;

    struct Delivery {
        Origin origin;
        address receiver;
        bytes32 guid;
        bytes message;
    }

    Delivery internal delivery;

    function setUp() public virtual override {
        super.setUp();
        _broadcast(alpha);
        _deliver(alpha);
    }

    /// @dev Verifies the one in-flight packet for `receiver` and keeps it for the test to execute.
    function _verifyOnly(uint32 dstEid, address receiver) internal {
        (bytes[] memory packetBytes,) = _takePackets(dstEid, receiver);
        assertEq(packetBytes.length, 1);
        this.validatePacket(packetBytes[0], "");
        Delivery memory d;
        (d.origin, d.receiver, d.guid, d.message) = this.decodePacket(packetBytes[0]);
        delivery = d;
    }

    function _execute(uint32 dstEid, uint256 gasLimit) internal {
        Delivery memory d = delivery;
        ILayerZeroEndpointV2(endpoints[dstEid]).lzReceive{gas: gasLimit}(d.origin, d.receiver, d.guid, d.message, "");
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
        _verifyOnly(HUB_EID, address(ledger));
    }

    function test_lzReceive_batchFromSpokePoolUnderEnforcedGas_succeeds() public {
        _execute(HUB_EID, BATCH_RECEIVE_GAS);
        uint256 used = vm.snapshotGasLastCall("BackingLedger", "lzReceive_batch_fromSpokePool");
        console.log("BATCH receive gas", used, "enforced", BATCH_RECEIVE_GAS);

        assertEq(ledger.spoke(ALPHA_EID).lastBatchId, 1);
        assertEq(ledger.spoke(ALPHA_EID).inTransit, 10 ether);
        assertLe(used * (100 + MIN_HEADROOM_PCT) / 100, BATCH_RECEIVE_GAS, "enforced batch gas lacks headroom");
    }
}

/// @dev A HALT from the ledger on the SpokePool: a batch priced before a 1% hub rise leaves alpha
///      over the unbacked threshold, and anyone halts it.
contract HaltReceiveGasTest is BatchPathGasBase {
    function setUp() public override {
        super.setUp();
        vm.prank(bob);
        alpha.pool.deposit{value: 1_000 ether}(bob, 0);
        _reportRewards(1 ether);
        _sync(alpha);
        _deliverBatches();
        assertGt(ledger.spoke(ALPHA_EID).unbackedShares, UNBACKED_THRESHOLD);
        ledger.haltSpoke{value: ledger.quoteHalt(ALPHA_EID)}(ALPHA_EID);
        _verifyOnly(ALPHA_EID, address(alpha.pool));
    }

    function test_lzReceive_haltFromLedgerUnderEnforcedGas_succeeds() public {
        _execute(ALPHA_EID, HALT_RECEIVE_GAS);
        uint256 used = vm.snapshotGasLastCall("SpokePool", "lzReceive_halt_fromLedger");
        console.log("HALT receive gas", used, "enforced", HALT_RECEIVE_GAS);

        assertTrue(alpha.pool.paused());
        assertLe(used * (100 + MIN_HEADROOM_PCT) / 100, HALT_RECEIVE_GAS, "enforced halt gas lacks headroom");
    }
}
