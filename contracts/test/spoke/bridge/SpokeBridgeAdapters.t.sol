// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";

import {ISpokeBridgeAdapter} from "../../../src/shared/interfaces/ISpokeBridgeAdapter.sol";
import {IHubBridgeReceiver} from "../../../src/shared/interfaces/IHubBridgeReceiver.sol";
import {ICrossDomainMessenger} from "../../../src/shared/interfaces/external/ICrossDomainMessenger.sol";
import {SpokeBridgeAdapter} from "../../../src/spoke/bridge/SpokeBridgeAdapter.sol";
import {LocalSpokeBridge} from "../../../src/local/LocalSpokeBridge.sol";
import {OpStackSpokeAdapter} from "../../../src/spoke/bridge/OpStackSpokeAdapter.sol";
import {ArbitrumSpokeAdapter} from "../../../src/spoke/bridge/ArbitrumSpokeAdapter.sol";
import {CrossDomainMessengerDouble, ArbSysDouble} from "./doubles/BridgeDoubles.sol";

/// @dev What each adapter hands its bridge, checked at the bridge's own interface, and who may use it.
contract SpokeBridgeAdaptersTest is Test {
    uint32 internal constant SPOKE_EID = 2;
    uint32 internal constant MIN_GAS = 200_000;
    address internal constant OP_MESSENGER = 0x4200000000000000000000000000000000000007;
    address internal constant ARB_SYS = address(0x64);

    address internal pool = makeAddr("spokePool");
    address internal hubReceiver = makeAddr("hubReceiver");
    address internal attacker = makeAddr("attacker");

    LocalSpokeBridge internal local;
    OpStackSpokeAdapter internal op;
    ArbitrumSpokeAdapter internal arb;

    function setUp() public {
        vm.etch(OP_MESSENGER, address(new CrossDomainMessengerDouble()).code);
        vm.etch(ARB_SYS, address(new ArbSysDouble()).code);
        local = new LocalSpokeBridge(pool, hubReceiver, SPOKE_EID);
        op = new OpStackSpokeAdapter(pool, hubReceiver, ICrossDomainMessenger(OP_MESSENGER), MIN_GAS);
        arb = new ArbitrumSpokeAdapter(pool, hubReceiver);
        vm.deal(pool, 100 ether);
        vm.deal(attacker, 100 ether);
    }

    function _adapters() internal view returns (ISpokeBridgeAdapter[3] memory) {
        return [ISpokeBridgeAdapter(local), ISpokeBridgeAdapter(op), ISpokeBridgeAdapter(arb)];
    }

    // ------------------------------------------------------------------ LocalSpokeBridge

    /// @dev The devnet bridge burns on the spoke: it keeps the ETH and the event is the message.
    function test_local_bridgeToHub_holdsEthAndEmits_succeeds() public {
        vm.expectEmit(address(local));
        emit ISpokeBridgeAdapter.BatchBridged(7, 3 ether, hubReceiver);
        vm.prank(pool);
        local.bridgeToHub{value: 3 ether}(7);

        assertEq(address(local).balance, 3 ether);
        assertEq(local.srcEid(), SPOKE_EID);
        assertEq(local.hubReceiver(), hubReceiver);
        assertEq(local.spokePool(), pool);
    }

    // ------------------------------------------------------------------ OpStackSpokeAdapter

    function test_opStack_bridgeToHub_sendsMessage_succeeds() public {
        vm.expectEmit(address(op));
        emit ISpokeBridgeAdapter.BatchBridged(4, 2 ether, hubReceiver);
        vm.prank(pool);
        op.bridgeToHub{value: 2 ether}(4);

        CrossDomainMessengerDouble messenger = CrossDomainMessengerDouble(OP_MESSENGER);
        assertEq(messenger.lastTarget(), hubReceiver);
        assertEq(messenger.lastMessage(), abi.encodeCall(IHubBridgeReceiver.deliverBatch, (uint64(4))));
        assertEq(messenger.lastMinGasLimit(), MIN_GAS);
        assertEq(messenger.lastValue(), 2 ether);
        assertEq(messenger.lastCaller(), address(op), "the hub receiver authenticates this sender");
        assertEq(OP_MESSENGER.balance, 2 ether);
        assertEq(address(op).balance, 0);
    }

    function test_opStack_zeroMessenger_reverts() public {
        vm.expectRevert(SpokeBridgeAdapter.BridgeAdapter_ZeroAddress.selector);
        new OpStackSpokeAdapter(pool, hubReceiver, ICrossDomainMessenger(address(0)), MIN_GAS);
    }

    // ------------------------------------------------------------------ ArbitrumSpokeAdapter

    function test_arbitrum_bridgeToHub_sendsTxToL1_succeeds() public {
        vm.expectEmit(address(arb));
        emit ArbitrumSpokeAdapter.ArbitrumWithdrawal(9, 0);
        vm.expectEmit(address(arb));
        emit ISpokeBridgeAdapter.BatchBridged(9, 1.5 ether, hubReceiver);
        vm.prank(pool);
        arb.bridgeToHub{value: 1.5 ether}(9);

        ArbSysDouble arbSys = ArbSysDouble(ARB_SYS);
        assertEq(arbSys.lastDestination(), hubReceiver);
        assertEq(arbSys.lastData(), abi.encodeCall(IHubBridgeReceiver.deliverBatch, (uint64(9))));
        assertEq(arbSys.lastValue(), 1.5 ether);
        assertEq(arbSys.lastCaller(), address(arb), "the hub receiver authenticates this L2 sender");
        assertEq(ARB_SYS.balance, 1.5 ether);
        assertEq(address(arb.ARB_SYS()), ARB_SYS);
    }

    // ------------------------------------------------------------------ shared rules

    /// @dev Only the pool sends: anyone else could fake a batch's ETH arriving at the hub.
    function test_bridgeToHub_notSpokePool_reverts() public {
        ISpokeBridgeAdapter[3] memory adapters = _adapters();
        for (uint256 i; i < adapters.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(ISpokeBridgeAdapter.BridgeAdapter_NotSpokePool.selector, attacker));
            vm.prank(attacker);
            adapters[i].bridgeToHub{value: 1 ether}(1);
        }
    }

    function test_bridgeToHub_zeroAmount_reverts() public {
        ISpokeBridgeAdapter[3] memory adapters = _adapters();
        for (uint256 i; i < adapters.length; ++i) {
            vm.expectRevert(ISpokeBridgeAdapter.BridgeAdapter_ZeroAmount.selector);
            vm.prank(pool);
            adapters[i].bridgeToHub{value: 0}(1);
        }
    }

    function test_constructor_zeroAddress_reverts() public {
        vm.expectRevert(SpokeBridgeAdapter.BridgeAdapter_ZeroAddress.selector);
        new LocalSpokeBridge(address(0), hubReceiver, SPOKE_EID);
        vm.expectRevert(SpokeBridgeAdapter.BridgeAdapter_ZeroAddress.selector);
        new ArbitrumSpokeAdapter(pool, address(0));
    }

    function testFuzz_bridgeToHub_forwardsExactValue_succeeds(uint64 batchId, uint256 amount) public {
        amount = bound(amount, 1, 50 ether);
        vm.startPrank(pool);
        op.bridgeToHub{value: amount}(batchId);
        arb.bridgeToHub{value: amount}(batchId);
        vm.stopPrank();
        assertEq(CrossDomainMessengerDouble(OP_MESSENGER).lastValue(), amount);
        assertEq(ArbSysDouble(ARB_SYS).lastValue(), amount);
        assertEq(ArbSysDouble(ARB_SYS).lastData(), abi.encodeCall(IHubBridgeReceiver.deliverBatch, (batchId)));
    }
}
