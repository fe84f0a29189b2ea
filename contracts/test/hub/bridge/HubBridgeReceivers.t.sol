// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {OpStackHubReceiver} from "../../../src/hub/bridge/OpStackHubReceiver.sol";
import {ArbitrumHubReceiver} from "../../../src/hub/bridge/ArbitrumHubReceiver.sol";
import {HubBridgeReceiver} from "../../../src/hub/bridge/HubBridgeReceiver.sol";
import {LocalBridgeHub} from "../../../src/local/LocalBridgeHub.sol";
import {IHubBridgeReceiver} from "../../../src/shared/interfaces/IHubBridgeReceiver.sol";
import {IBackingLedger} from "../../../src/shared/interfaces/IBackingLedger.sol";
import {IBatchReceiver} from "../../../src/shared/interfaces/IBatchReceiver.sol";
import {ICrossDomainMessenger} from "../../../src/shared/interfaces/external/ICrossDomainMessenger.sol";
import {IArbBridge} from "../../../src/shared/interfaces/external/IArbBridge.sol";
import {LedgerBase} from "../harness/LedgerBase.sol";
import {L1CrossDomainMessengerDouble} from "./doubles/L1CrossDomainMessengerDouble.sol";
import {ArbitrumBridgeDouble, ArbitrumOutboxDouble} from "./doubles/ArbitrumBridgeDouble.sol";

/// @dev Each hub receiver in turn is the spoke's bridge receiver on a real BackingLedger; the
///      canonical bridges are doubles speaking their real L1 interfaces.
contract HubBridgeReceiversTest is LedgerBase {
    address internal spokeAdapter = makeAddr("spokeAdapter");
    address internal stranger = makeAddr("stranger");
    address internal relayer = makeAddr("relayer");

    L1CrossDomainMessengerDouble internal messenger;
    OpStackHubReceiver internal opReceiver;
    ArbitrumBridgeDouble internal arbBridge;
    ArbitrumOutboxDouble internal outbox;
    ArbitrumHubReceiver internal arbReceiver;
    LocalBridgeHub internal local;

    function setUp() public override {
        super.setUp();
        messenger = new L1CrossDomainMessengerDouble();
        opReceiver = new OpStackHubReceiver(IBatchReceiver(address(ledger)), SPOKE_EID, messenger, spokeAdapter);
        arbBridge = new ArbitrumBridgeDouble();
        outbox = new ArbitrumOutboxDouble(arbBridge);
        arbBridge.setOutbox(address(outbox), true);
        arbReceiver = new ArbitrumHubReceiver(IBatchReceiver(address(ledger)), SPOKE_EID, arbBridge, spokeAdapter);
        local = new LocalBridgeHub(IBatchReceiver(address(ledger)), ledgerOwner);
        vm.prank(ledgerOwner);
        local.setRelayer(relayer);
        vm.deal(address(messenger), 1_000 ether);
        vm.deal(address(arbBridge), 1_000 ether);
        vm.deal(stranger, 1_000 ether);
    }

    function _useReceiver(address receiver) internal {
        vm.prank(ledgerOwner);
        ledger.setSpoke(SPOKE_EID, receiver, MAX_IN_TRANSIT);
    }

    // ------------------------------------------------------------------ OP Stack

    function _relayOp(address l2Sender, uint64 batchId, uint256 amount) internal {
        messenger.relayMessage{value: amount}(
            l2Sender, address(opReceiver), abi.encodeCall(IHubBridgeReceiver.deliverBatch, (batchId))
        );
    }

    function test_opStack_deliversToLedger_succeeds() public {
        _useReceiver(address(opReceiver));
        _announce(1, 2 ether, 1.9 ether);
        vm.expectEmit(address(opReceiver));
        emit IHubBridgeReceiver.BatchDelivered(SPOKE_EID, 1, 2 ether);
        vm.deal(address(this), 2 ether);
        _relayOp(spokeAdapter, 1, 2 ether);
        assertEq(uint8(ledger.batch(SPOKE_EID, 1).status), uint8(IBackingLedger.BatchStatus.Settled));
        assertEq(ledger.batch(SPOKE_EID, 1).landed, 2 ether);
    }

    function test_opStack_notMessenger_reverts() public {
        _useReceiver(address(opReceiver));
        vm.expectRevert(abi.encodeWithSelector(IHubBridgeReceiver.HubBridgeReceiver_NotBridge.selector, stranger));
        vm.prank(stranger);
        opReceiver.deliverBatch{value: 1 ether}(1);
    }

    function test_opStack_wrongL2Sender_reverts() public {
        _useReceiver(address(opReceiver));
        vm.deal(address(this), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IHubBridgeReceiver.HubBridgeReceiver_WrongSender.selector, stranger));
        _relayOp(stranger, 1, 1 ether);
    }

    function test_opStack_replay_reverts() public {
        _useReceiver(address(opReceiver));
        vm.deal(address(this), 2 ether);
        _relayOp(spokeAdapter, 1, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_DuplicateLanding.selector, SPOKE_EID, 1));
        _relayOp(spokeAdapter, 1, 1 ether);
    }

    /// @dev Wired as another spoke's receiver, the adapter cannot land for this spoke.
    function test_opStack_notLedgerReceiver_reverts() public {
        vm.deal(address(this), 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(IBackingLedger.BackingLedger_NotBridgeReceiver.selector, SPOKE_EID, address(opReceiver))
        );
        _relayOp(spokeAdapter, 1, 1 ether);
    }

    function test_opStack_zeroAddress_reverts() public {
        vm.expectRevert(HubBridgeReceiver.HubBridgeReceiver_ZeroAddress.selector);
        new OpStackHubReceiver(IBatchReceiver(address(ledger)), SPOKE_EID, ICrossDomainMessenger(address(0)), spokeAdapter);
    }

    // ------------------------------------------------------------------ Arbitrum

    function _executeArb(address l2Sender, uint64 batchId, uint256 amount) internal {
        outbox.executeTransaction(
            l2Sender, address(arbReceiver), amount, abi.encodeCall(IHubBridgeReceiver.deliverBatch, (batchId))
        );
    }

    function test_arbitrum_deliversToLedger_succeeds() public {
        _useReceiver(address(arbReceiver));
        vm.expectEmit(address(arbReceiver));
        emit IHubBridgeReceiver.BatchDelivered(SPOKE_EID, 3, 1.5 ether);
        _executeArb(spokeAdapter, 3, 1.5 ether);
        assertEq(uint8(ledger.batch(SPOKE_EID, 3).status), uint8(IBackingLedger.BatchStatus.Landed));
        assertEq(address(ledger).balance, 1.5 ether);
    }

    function test_arbitrum_notBridge_reverts() public {
        _useReceiver(address(arbReceiver));
        vm.expectRevert(abi.encodeWithSelector(IHubBridgeReceiver.HubBridgeReceiver_NotBridge.selector, stranger));
        vm.prank(stranger);
        arbReceiver.deliverBatch{value: 1 ether}(1);
    }

    function test_arbitrum_wrongL2Sender_reverts() public {
        _useReceiver(address(arbReceiver));
        vm.expectRevert(abi.encodeWithSelector(IHubBridgeReceiver.HubBridgeReceiver_WrongSender.selector, stranger));
        _executeArb(stranger, 1, 1 ether);
    }

    /// @dev A rogue outbox the bridge does not know cannot make the bridge call.
    function test_arbitrum_unknownOutbox_reverts() public {
        _useReceiver(address(arbReceiver));
        ArbitrumOutboxDouble rogue = new ArbitrumOutboxDouble(arbBridge);
        vm.expectRevert(bytes("NOT_FROM_OUTBOX"));
        rogue.executeTransaction(spokeAdapter, address(arbReceiver), 1 ether, abi.encodeCall(IHubBridgeReceiver.deliverBatch, (1)));
    }

    function test_arbitrum_replay_reverts() public {
        _useReceiver(address(arbReceiver));
        _executeArb(spokeAdapter, 1, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IBackingLedger.BackingLedger_DuplicateLanding.selector, SPOKE_EID, 1));
        _executeArb(spokeAdapter, 1, 1 ether);
    }

    function test_arbitrum_zeroAddress_reverts() public {
        vm.expectRevert(HubBridgeReceiver.HubBridgeReceiver_ZeroAddress.selector);
        new ArbitrumHubReceiver(IBatchReceiver(address(ledger)), SPOKE_EID, IArbBridge(address(0)), spokeAdapter);
    }

    // ------------------------------------------------------------------ local devnet bridge

    function test_local_fundAndDeliver_succeeds() public {
        _useReceiver(address(local));
        vm.expectEmit(address(local));
        emit LocalBridgeHub.Funded(stranger, 10 ether);
        vm.prank(stranger);
        local.fund{value: 10 ether}();
        vm.prank(stranger);
        (bool ok,) = address(local).call{value: 1 ether}("");
        assertTrue(ok);
        _announce(1, 4 ether, 3.9 ether);

        vm.expectEmit(address(local));
        emit LocalBridgeHub.BatchDelivered(SPOKE_EID, 1, 4 ether);
        vm.prank(relayer);
        local.deliver(SPOKE_EID, 1, 4 ether);
        assertTrue(local.delivered(SPOKE_EID, 1));
        assertEq(address(local).balance, 7 ether);
        assertEq(uint8(ledger.batch(SPOKE_EID, 1).status), uint8(IBackingLedger.BatchStatus.Settled));
    }

    function test_local_notRelayer_reverts() public {
        vm.deal(address(local), 10 ether);
        vm.expectRevert(abi.encodeWithSelector(LocalBridgeHub.LocalBridgeHub_NotRelayer.selector, stranger));
        vm.prank(stranger);
        local.deliver(SPOKE_EID, 1, 1 ether);
    }

    function test_local_replay_reverts() public {
        _useReceiver(address(local));
        vm.deal(address(local), 10 ether);
        vm.prank(relayer);
        local.deliver(SPOKE_EID, 1, 1 ether);
        vm.expectRevert(abi.encodeWithSelector(LocalBridgeHub.LocalBridgeHub_AlreadyDelivered.selector, SPOKE_EID, 1));
        vm.prank(relayer);
        local.deliver(SPOKE_EID, 1, 1 ether);
    }

    function test_local_insufficientLiquidity_reverts() public {
        _useReceiver(address(local));
        vm.deal(address(local), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(LocalBridgeHub.LocalBridgeHub_InsufficientLiquidity.selector, 2 ether, 1 ether));
        vm.prank(relayer);
        local.deliver(SPOKE_EID, 1, 2 ether);
    }

    function test_local_setRelayer_ownerOnly_succeeds() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        vm.prank(stranger);
        local.setRelayer(stranger);
        vm.expectRevert(LocalBridgeHub.LocalBridgeHub_ZeroAddress.selector);
        vm.prank(ledgerOwner);
        local.setRelayer(address(0));
        vm.expectEmit(address(local));
        emit LocalBridgeHub.RelayerSet(stranger);
        vm.prank(ledgerOwner);
        local.setRelayer(stranger);
        assertEq(local.relayer(), stranger);
    }
}
