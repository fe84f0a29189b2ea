// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {DoubleEndedQueue} from "@openzeppelin/contracts/utils/structs/DoubleEndedQueue.sol";
import {ILayerZeroEndpointV2, Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {PacketV1Codec} from "@layerzerolabs/lz-evm-protocol-v2/contracts/messagelib/libs/PacketV1Codec.sol";

import {IBackingLedger} from "../../src/shared/interfaces/IBackingLedger.sol";
import {BatchMessage} from "../../src/shared/libraries/BatchMessage.sol";
import {LedgerBase} from "./harness/LedgerBase.sol";

/// @dev Receive gas of a BATCH message on the ledger, executed as an executor does
///      (EndpointV2.lzReceive with the enforced gas as its limit). setUp sends and verifies the
///      packet, so the measured call is the first touch of cold storage. Each case is the first
///      batch of the spoke (every batch and spoke slot goes zero to non-zero): the worst case.
contract BackingLedgerReceiveGasTest is LedgerBase {
    using DoubleEndedQueue for DoubleEndedQueue.Bytes32Deque;
    using PacketV1Codec for bytes;

    uint256 internal constant MIN_HEADROOM_PCT = 30;

    Origin internal origin;
    bytes32 internal guid;
    bytes internal message;

    function setUp() public override {
        super.setUp();
        // The spoke prices at the hub rate minus a 0.1% fee; the reserve starts empty.
        BatchMessage.Batch memory b = BatchMessage.Batch(1, 10 ether, _spokeShares(10 ether, 10), 10 ether);
        vm.deal(address(this), 1 ether);
        spokePeer.sendBatch{value: spokePeer.quoteBatch(HUB_EID, b, _batchOptions())}(HUB_EID, b, _batchOptions());
        bytes32 g = packetsQueue[HUB_EID][addressToBytes32(address(ledger))].popBack();
        bytes memory packet = packets[g];
        this.validatePacket(packet, "");
        (origin, guid, message) = this.decode(packet);
    }

    function decode(bytes calldata packet) external pure returns (Origin memory o, bytes32 g, bytes memory m) {
        o = Origin(packet.srcEid(), packet.sender(), packet.nonce());
        g = packet.guid();
        m = packet.message();
    }

    function _execute(string memory name) internal returns (uint256 used) {
        (Origin memory o, bytes32 g, bytes memory m) = (origin, guid, message);
        ILayerZeroEndpointV2(endpoints[HUB_EID]).lzReceive{gas: BATCH_RECEIVE_GAS}(o, address(ledger), g, m, "");
        used = vm.snapshotGasLastCall("BackingLedger", name);
        assertLe(used * (100 + MIN_HEADROOM_PCT) / 100, BATCH_RECEIVE_GAS, "enforced batch gas lacks headroom");
    }

    /// @dev Within the cap: credit in transit (mint), lock in the lockbox.
    function test_lzReceive_batchInTransit_succeeds() public {
        _execute("lzReceive_batch_inTransit");
        assertEq(uint8(ledger.batch(SPOKE_EID, 1).status), uint8(IBackingLedger.BatchStatus.InTransit));
    }

    /// @dev ETH landed first: deposit the held ETH (mint), lock.
    function test_lzReceive_batchAfterLanding_succeeds() public {
        _land(1, 10 ether);
        vm.cool(address(ledger));
        vm.cool(address(trETH));
        _execute("lzReceive_batch_landed");
        assertEq(uint8(ledger.batch(SPOKE_EID, 1).status), uint8(IBackingLedger.BatchStatus.Settled));
    }

    /// @dev Over the cap: only the record.
    function test_lzReceive_batchDeferred_succeeds() public {
        vm.prank(ledgerOwner);
        ledger.setSpoke(SPOKE_EID, bridge, 1 ether);
        vm.cool(address(ledger));
        _execute("lzReceive_batch_deferred");
        assertEq(uint8(ledger.batch(SPOKE_EID, 1).status), uint8(IBackingLedger.BatchStatus.Deferred));
    }

    /// @dev The dearest landing: an in-transit batch landing short (settle, then write off with a burn).
    function test_receiveBatchETH_shortLanding_gas_succeeds() public {
        _execute("lzReceive_batch_inTransit");
        vm.cool(address(ledger));
        vm.cool(address(trETH));
        _land(1, 9.995 ether);
        vm.snapshotGasLastCall("BackingLedger", "receiveBatchETH_short");
        assertEq(uint8(ledger.batch(SPOKE_EID, 1).status), uint8(IBackingLedger.BatchStatus.Settled));
    }
}
