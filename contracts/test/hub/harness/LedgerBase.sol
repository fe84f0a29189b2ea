// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TestHelperOz5} from "@layerzerolabs/test-devtools-evm-foundry/contracts/TestHelperOz5.sol";
import {OptionsBuilder} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/libs/OptionsBuilder.sol";
import {EnforcedOptionParam} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppOptionsType3.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";

import {BackingLedger} from "../../../src/hub/BackingLedger.sol";
import {TrETHAdapter} from "../../../src/hub/TrETHAdapter.sol";
import {IBackingLedger} from "../../../src/shared/interfaces/IBackingLedger.sol";
import {BatchMessage} from "../../../src/shared/libraries/BatchMessage.sol";
import {HubFixture} from "./HubFixture.sol";
import {SpokePeerDouble} from "./SpokePeerDouble.sol";

/// @dev The hub stack with a BackingLedger on a LayerZero endpoint, one spoke endpoint whose peer
///      is a SpokePeerDouble, and an address standing in for the spoke's hub bridge receiver. Unit
///      tests deliver BATCH messages by calling the ledger as the endpoint (what the OApp checks);
///      the gas tests send them through the endpoints.
abstract contract LedgerBase is TestHelperOz5, HubFixture {
    using OptionsBuilder for bytes;

    uint32 internal constant HUB_EID = 1;
    uint32 internal constant SPOKE_EID = 2;

    string private wiring = vm.readFile("config/wiring.json");
    uint128 internal immutable BATCH_RECEIVE_GAS = uint128(vm.parseJsonUint(wiring, ".enforcedReceiveGas.batch"));
    uint128 internal immutable HALT_RECEIVE_GAS = uint128(vm.parseJsonUint(wiring, ".enforcedReceiveGas.halt"));
    uint128 internal immutable MAX_IN_TRANSIT = uint128(vm.parseJsonUint(wiring, ".backingLedger.maxInTransit"));
    uint256 internal immutable UNBACKED_THRESHOLD = vm.parseJsonUint(wiring, ".backingLedger.unbackedThreshold");

    BackingLedger internal ledger;
    TrETHAdapter internal lockbox;
    SpokePeerDouble internal spokePeer;
    address internal ledgerOwner = makeAddr("ledgerOwner");
    address internal bridge = makeAddr("bridgeReceiver");
    address internal whale = makeAddr("whale");
    uint64 internal batchNonce;

    function setUp() public virtual override {
        vm.warp(1_750_000_000);
        super.setUp();
        setUpEndpoints(2, LibraryType.UltraLightNode);
        _deployHub(100 ether, 1000, 5000);
        _stakeBeaconBase();

        lockbox = new TrETHAdapter(address(trETH), endpoints[HUB_EID], address(this));
        ledger = new BackingLedger(trETH, address(lockbox), endpoints[HUB_EID], ledgerOwner);
        spokePeer = new SpokePeerDouble(endpoints[SPOKE_EID], address(this));
        vm.prank(hubAdmin);
        trETH.setBackingLedger(address(ledger));

        spokePeer.setPeer(HUB_EID, addressToBytes32(address(ledger)));
        vm.startPrank(ledgerOwner);
        ledger.setPeer(SPOKE_EID, addressToBytes32(address(spokePeer)));
        ledger.setSpoke(SPOKE_EID, bridge, MAX_IN_TRANSIT);
        ledger.setUnbackedThreshold(UNBACKED_THRESHOLD);
        EnforcedOptionParam[] memory params = new EnforcedOptionParam[](1);
        params[0] = EnforcedOptionParam(
            SPOKE_EID, ledger.MSG_HALT(), OptionsBuilder.newOptions().addExecutorLzReceiveOption(HALT_RECEIVE_GAS, 0)
        );
        ledger.setEnforcedOptions(params);
        vm.stopPrank();

        vm.deal(bridge, 100_000 ether);
        vm.deal(whale, 100_000 ether);
        vm.prank(whale);
        trETH.depositETH{value: 1_000 ether}(whale, 0);
    }

    function _batchOptions() internal view returns (bytes memory) {
        return OptionsBuilder.newOptions().addExecutorLzReceiveOption(BATCH_RECEIVE_GAS, 0);
    }

    function _batchMessage(uint64 batchId, uint256 assets, uint256 shares) internal pure returns (bytes memory) {
        return BatchMessage.encodeBatch(BatchMessage.Batch(batchId, assets, shares, shares));
    }

    /// @dev Delivers a BATCH message from the spoke peer, as the endpoint does after verification.
    function _announce(uint64 batchId, uint256 assets, uint256 shares) internal {
        _deliverRaw(SPOKE_EID, address(spokePeer), _batchMessage(batchId, assets, shares));
    }

    function _deliverRaw(uint32 srcEid, address sender, bytes memory message) internal {
        Origin memory origin = Origin(srcEid, addressToBytes32(sender), ++batchNonce);
        vm.prank(endpoints[HUB_EID]);
        ledger.lzReceive(origin, keccak256(abi.encode(origin)), message, address(0), "");
    }

    /// @dev The spoke's bridge receiver lands `amount` for the batch.
    function _land(uint64 batchId, uint256 amount) internal {
        vm.prank(bridge);
        ledger.receiveBatchETH{value: amount}(SPOKE_EID, batchId);
    }

    /// @dev Spoke shares as a SpokePool would price `assets` at the hub rate minus `feeBps`.
    function _spokeShares(uint256 assets, uint256 feeBps) internal view returns (uint256) {
        return trETH.previewDeposit(assets - assets * feeBps / 10_000);
    }

    function _assertBatch(uint64 batchId, uint256 assets, uint256 shares, uint256 landed, IBackingLedger.BatchStatus status)
        internal
        view
    {
        IBackingLedger.Batch memory b = ledger.batch(SPOKE_EID, batchId);
        assertEq(b.assets, assets, "batch assets");
        assertEq(b.shares, shares, "batch shares");
        assertEq(b.landed, landed, "batch landed");
        assertEq(uint8(b.status), uint8(status), "batch status");
    }

    /// @dev Every spoke share the ledger knows of is either locked or recorded unbacked, and the
    ///      lockbox holds exactly the locked ones (no OFT sends in these tests).
    function _assertSharesAccounted() internal view {
        IBackingLedger.Spoke memory s = ledger.spoke(SPOKE_EID);
        assertEq(uint256(s.backedShares) + s.unbackedShares, s.mintedShares, "minted != backed + unbacked");
        assertEq(ledger.lockboxBalance(), s.backedShares, "lockbox != backed");
        assertEq(trETH.balanceOf(address(lockbox)), s.backedShares);
        assertEq(ledger.totalUnbacked(), s.unbackedShares);
    }
}
