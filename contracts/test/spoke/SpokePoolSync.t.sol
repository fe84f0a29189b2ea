// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Vm} from "forge-std/Vm.sol";
import {TestHelperOz5} from "@layerzerolabs/test-devtools-evm-foundry/contracts/TestHelperOz5.sol";
import {DoubleEndedQueue} from "@openzeppelin/contracts/utils/structs/DoubleEndedQueue.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {OptionsBuilder} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/libs/OptionsBuilder.sol";
import {EnforcedOptionParam} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppOptionsType3.sol";
import {
    ILayerZeroEndpointV2,
    Origin
} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";
import {PacketV1Codec} from "@layerzerolabs/lz-evm-protocol-v2/contracts/messagelib/libs/PacketV1Codec.sol";
import {GUID} from "@layerzerolabs/lz-evm-protocol-v2/contracts/libs/GUID.sol";
import {Errors} from "@layerzerolabs/lz-evm-protocol-v2/contracts/libs/Errors.sol";

import {TrETHOFT} from "../../src/spoke/TrETHOFT.sol";
import {SpokePool} from "../../src/spoke/SpokePool.sol";
import {LocalSpokeBridge} from "../../src/local/LocalSpokeBridge.sol";
import {ISpokePool} from "../../src/shared/interfaces/ISpokePool.sol";
import {ISpokeBridgeAdapter} from "../../src/shared/interfaces/ISpokeBridgeAdapter.sol";
import {BatchMessage} from "../../src/shared/libraries/BatchMessage.sol";
import {HubLedgerDouble} from "./doubles/HubLedgerDouble.sol";
import {ReentrantSyncAdapter, DepositingAdapter} from "./doubles/MaliciousAdapters.sol";

/// @dev SpokePool batches over real LayerZero endpoints (ULN 302, DVN, executor) in one EVM: the pool
///      on the spoke, a stand-in for the hub BackingLedger (its LayerZero peer) on the hub.
contract SpokePoolSyncTest is TestHelperOz5 {
    using OptionsBuilder for bytes;
    using DoubleEndedQueue for DoubleEndedQueue.Bytes32Deque;
    using PacketV1Codec for bytes;

    uint32 internal constant HUB_EID = 1;
    uint32 internal constant SPOKE_EID = 2;
    uint256 internal constant RATE = 1.05e18;
    uint256 internal constant MIN_HEADROOM_PCT = 30;

    string private wiring = vm.readFile("config/wiring.json");
    uint128 internal immutable BATCH_GAS = uint128(vm.parseJsonUint(wiring, ".enforcedReceiveGas.batch"));
    uint128 internal immutable HALT_GAS = uint128(vm.parseJsonUint(wiring, ".enforcedReceiveGas.halt"));

    TrETHOFT internal token;
    SpokePool internal pool;
    HubLedgerDouble internal ledger;
    LocalSpokeBridge internal bridge;

    address internal rateReceiver = makeAddr("rateReceiver");
    address internal hubBridge = makeAddr("localBridgeHub");
    address internal alice = makeAddr("alice");
    address internal keeper = makeAddr("keeper");
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        vm.warp(1_750_000_000);
        super.setUp();
        setUpEndpoints(2, LibraryType.UltraLightNode);

        token = new TrETHOFT(endpoints[SPOKE_EID], address(this));
        pool = new SpokePool(
            token,
            rateReceiver,
            endpoints[SPOKE_EID],
            HUB_EID,
            address(this),
            SpokePool.Limits(
                uint16(vm.parseJsonUint(wiring, ".spokePool.feeBps")),
                uint32(vm.parseJsonUint(wiring, ".spokePool.maxRateAge")),
                vm.parseJsonUint(wiring, ".spokePool.mintCap"),
                uint32(vm.parseJsonUint(wiring, ".spokePool.mintPeriod")),
                vm.parseJsonUint(wiring, ".spokePool.maxPendingShares")
            )
        );
        token.setMinter(address(pool));
        ledger = new HubLedgerDouble(endpoints[HUB_EID], address(this));

        address[] memory oapps = new address[](2);
        oapps[0] = address(ledger);
        oapps[1] = address(pool);
        wireOApps(oapps);

        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](1);
        params[0] = EnforcedOptionParam(HUB_EID, pool.MSG_BATCH(), _gasOptions(BATCH_GAS));
        pool.setEnforcedOptions(params);

        bridge = new LocalSpokeBridge(address(pool), hubBridge, SPOKE_EID);
        pool.setBridgeAdapter(bridge);

        vm.prank(rateReceiver);
        pool.onRateUpdate(RATE, uint64(block.timestamp));
        vm.deal(alice, 1_000 ether);
        vm.deal(keeper, 10 ether);
    }

    function _gasOptions(uint128 gas) internal pure returns (bytes memory) {
        return OptionsBuilder.newOptions().addExecutorLzReceiveOption(gas, 0);
    }

    function _deposit(uint256 assets) internal returns (uint256 shares) {
        vm.prank(alice);
        shares = pool.deposit{value: assets}(alice, 0);
    }

    function _sync() internal returns (uint64 batchId) {
        uint256 fee = pool.quoteSync();
        vm.prank(keeper);
        batchId = pool.sync{value: fee}();
    }

    function _deliverToHub() internal {
        verifyPackets(HUB_EID, addressToBytes32(address(ledger)));
    }

    function _assertLastBatch(uint64 batchId, uint256 assets, uint256 shares, uint256 spokeSupply) internal view {
        (uint64 id, uint256 a, uint256 s, uint256 supply) = ledger.lastBatch();
        assertEq(id, batchId, "batchId");
        assertEq(a, assets, "assets");
        assertEq(s, shares, "shares");
        assertEq(supply, spokeSupply, "spokeSupply");
        assertEq(ledger.lastSrcEid(), SPOKE_EID);
        assertEq(ledger.lastSender(), addressToBytes32(address(pool)));
    }

    // ------------------------------------------------------------------ sync

    function test_sync_sendsBatchAndEth_succeeds() public {
        uint256 shares = _deposit(2 ether) + _deposit(3 ether);
        uint256 fee = pool.quoteSync();
        assertGt(fee, 0);
        bytes32 guid = GUID.generate(1, SPOKE_EID, address(pool), HUB_EID, addressToBytes32(address(ledger)));

        vm.expectEmit(address(bridge));
        emit ISpokeBridgeAdapter.BatchBridged(1, 5 ether, hubBridge);
        vm.expectEmit(address(pool));
        emit ISpokePool.BatchSent(1, 5 ether, shares, shares, guid);
        vm.prank(keeper);
        uint64 batchId = pool.sync{value: fee}();

        assertEq(batchId, 1);
        assertEq(pool.lastBatchId(), 1);
        assertEq(pool.lastSyncTime(), block.timestamp);
        assertEq(address(bridge).balance, 5 ether, "all ETH, fees included, went to the bridge");
        assertEq(address(pool).balance, 0);
        (uint256 pendingShares, uint256 pendingAssets) = pool.pending();
        assertEq(pendingShares, 0);
        assertEq(pendingAssets, 0);

        _deliverToHub();
        assertEq(ledger.batchesReceived(), 1);
        _assertLastBatch(1, 5 ether, shares, token.totalSupply());
    }

    /// @dev Each batch carries only what came in since the last one; ids count up.
    function test_sync_secondBatch_succeeds() public {
        _deposit(2 ether);
        _sync();
        _deliverToHub();

        vm.warp(block.timestamp + 1 hours);
        uint256 shares = _deposit(1 ether);
        assertEq(_sync(), 2);
        _deliverToHub();

        _assertLastBatch(2, 1 ether, shares, token.totalSupply());
        assertEq(address(bridge).balance, 3 ether);
        assertEq(pool.lastSyncTime(), block.timestamp);
    }

    /// @dev The caller pays the quote and gets any excess back from the endpoint.
    function test_sync_refundsExcess_succeeds() public {
        _deposit(1 ether);
        uint256 fee = pool.quoteSync();
        vm.prank(keeper);
        pool.sync{value: fee + 1 ether}();
        assertEq(keeper.balance, 10 ether - fee);
        assertEq(address(bridge).balance, 1 ether, "the fee never counts as batch assets");
    }

    function test_sync_underpaid_reverts() public {
        _deposit(1 ether);
        uint256 fee = pool.quoteSync();
        vm.expectRevert(abi.encodeWithSelector(Errors.LZ_InsufficientFee.selector, fee, fee - 1, 0, 0));
        vm.prank(keeper);
        pool.sync{value: fee - 1}();
    }

    function test_sync_nothingPending_reverts() public {
        vm.expectRevert(ISpokePool.SpokePool_NothingToSync.selector);
        pool.sync();

        _deposit(1 ether);
        _sync();
        vm.expectRevert(ISpokePool.SpokePool_NothingToSync.selector);
        pool.sync();
    }

    function test_sync_noBridgeAdapter_reverts() public {
        _deposit(1 ether);
        pool.setBridgeAdapter(ISpokeBridgeAdapter(address(0)));
        vm.expectRevert(ISpokePool.SpokePool_NoBridgeAdapter.selector);
        pool.sync();
    }

    /// @dev Moving ETH to the hub only adds backing, so a paused (or hub-halted) pool still syncs.
    function test_sync_whilePaused_succeeds() public {
        uint256 shares = _deposit(1 ether);
        pool.pause();
        assertEq(_sync(), 1);
        _deliverToHub();
        _assertLastBatch(1, 1 ether, shares, shares);
    }

    /// @dev A sync also frees the pending cap.
    function test_sync_freesPendingCap_succeeds() public {
        pool.setMaxPendingShares(2 ether);
        _deposit(2 ether);
        vm.expectRevert();
        pool.quoteDeposit(1 ether);
        _sync();
        (uint256 shares,) = pool.quoteDeposit(1 ether);
        assertGt(shares, 0);
    }

    function test_sync_reentrantAdapter_reverts() public {
        uint256 shares = _deposit(1 ether);
        pool.setBridgeAdapter(new ReentrantSyncAdapter(pool));
        uint256 fee = pool.quoteSync();

        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        vm.prank(keeper);
        pool.sync{value: fee}();

        (uint256 pendingShares,) = pool.pending();
        assertEq(pendingShares, shares, "nothing was sent");
        assertEq(pool.lastBatchId(), 0);
    }

    /// @dev State is settled before the external calls: a deposit made from inside the bridge call
    ///      stays pending for the next batch, with its ETH.
    function test_sync_depositDuringBridgeCall_staysPending_succeeds() public {
        _deposit(2 ether);
        DepositingAdapter adapter = new DepositingAdapter(pool);
        pool.setBridgeAdapter(adapter);
        _sync();

        (uint256 pendingShares, uint256 pendingAssets) = pool.pending();
        assertEq(pendingShares, adapter.shares());
        assertGt(pendingShares, 0);
        assertEq(pendingAssets, 1 ether);
        assertEq(address(adapter).balance, 1 ether);
    }

    function test_setBridgeAdapter_owner_succeeds() public {
        vm.expectEmit(address(pool));
        emit ISpokePool.BridgeAdapterUpdated(address(0xB0B));
        pool.setBridgeAdapter(ISpokeBridgeAdapter(address(0xB0B)));
        assertEq(address(pool.bridgeAdapter()), address(0xB0B));
    }

    /// @dev However deposits add up, a batch carries exactly the ETH held and the shares minted.
    function testFuzz_sync_carriesEverything_succeeds(uint256[5] memory amounts) public {
        uint256 totalAssets;
        uint256 totalShares;
        for (uint256 i; i < amounts.length; ++i) {
            uint256 assets = bound(amounts[i], 0.001 ether, 100 ether);
            totalShares += _deposit(assets);
            totalAssets += assets;
        }
        _sync();
        _deliverToHub();
        _assertLastBatch(1, totalAssets, totalShares, token.totalSupply());
        assertEq(address(bridge).balance, totalAssets);
        assertEq(address(pool).balance, 0);
    }

    // ------------------------------------------------------------------ HALT over LayerZero

    function _sendHalt(uint256 unbacked) internal {
        bytes memory message = BatchMessage.encodeHalt(unbacked);
        bytes memory options = _gasOptions(HALT_GAS);
        ledger.sendToSpoke{value: ledger.quoteToSpoke(SPOKE_EID, message, options)}(SPOKE_EID, message, options);
    }

    function test_lzReceive_haltFromHub_succeeds() public {
        _deposit(1 ether);
        _sendHalt(3 ether);
        vm.recordLogs();
        verifyPackets(SPOKE_EID, addressToBytes32(address(pool)));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool halted;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == address(pool) && logs[i].topics[0] == ISpokePool.HaltedByHub.selector) {
                assertEq(abi.decode(logs[i].data, (uint256)), 3 ether);
                halted = true;
            }
        }
        assertTrue(halted, "no HaltedByHub");

        assertTrue(pool.paused());
        vm.expectRevert(ISpokePool.SpokePool_Paused.selector);
        pool.quoteDeposit(1 ether);
        // The ETH already here still goes to the hub.
        assertEq(_sync(), 1);
    }

    /// @dev Executed as an executor does, under the enforced gas of wiring.json: the worst case is
    ///      the first message on the path.
    function test_lzReceive_haltUnderEnforcedGas_succeeds() public {
        _sendHalt(3 ether);
        DoubleEndedQueue.Bytes32Deque storage queue = packetsQueue[SPOKE_EID][addressToBytes32(address(pool))];
        assertEq(queue.length(), 1);
        bytes memory packet = packets[queue.popBack()];
        this.validatePacket(packet, "");
        (Origin memory origin, bytes32 guid, bytes memory message) = this.decodePacket(packet);

        ILayerZeroEndpointV2(endpoints[SPOKE_EID]).lzReceive{gas: HALT_GAS}(origin, address(pool), guid, message, "");
        uint256 used = vm.snapshotGasLastCall("SpokePool", "lzReceive_halt");

        assertTrue(pool.paused());
        assertLe(used * (100 + MIN_HEADROOM_PCT) / 100, HALT_GAS, "enforced gas lacks headroom");
    }

    function decodePacket(bytes calldata packet)
        external
        pure
        returns (Origin memory origin, bytes32 guid, bytes memory message)
    {
        origin = Origin(packet.srcEid(), packet.sender(), packet.nonce());
        guid = packet.guid();
        message = packet.message();
    }
}
